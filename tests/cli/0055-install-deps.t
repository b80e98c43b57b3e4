#!/bin/sh
# ci/install-deps --bench asks apt for nodejs only when there is no node on
# PATH and for npm only when there is no npm: Debian's npm conflicts with a
# Node.js that brings its own (NodeSource's nodejs). Run with a PATH of
# stand-ins: dpkg-query answers from $INSTALLED, apt-get writes its
# arguments to a log, id says root (so no sudo).
. "$(dirname "$0")/lib.sh"

BIN="$TMP/bin"
NODE="$TMP/node"
LOG="$TMP/apt.log"
mkdir -p "$BIN" "$NODE"
ln -s "$(command -v grep)" "$BIN/grep"
printf '#!/bin/sh\necho 0\n' >"$BIN/id"
cat >"$BIN/dpkg-query" <<'EOF'
#!/bin/sh
# dpkg-query -W -f=FORMAT PACKAGE: installed when PACKAGE is in $INSTALLED
for p in $INSTALLED; do
	[ "$p" = "$3" ] && { echo 'install ok installed'; exit 0; }
done
exit 1
EOF
printf '#!/bin/sh\necho "$*" >>"%s"\n' "$LOG" >"$BIN/apt-get"
printf '#!/bin/sh\nexit 0\n' >"$NODE/node"
cp "$NODE/node" "$NODE/npm"
chmod +x "$BIN"/* "$NODE"/*

# deps PATH [OPTION...]: run ci/install-deps with PATH; $rc, $err, and
# $apt: the packages apt-get was asked to install, one a line.
deps() {
	p=$1
	shift
	: >"$LOG"
	rc=0
	env PATH="$p" INSTALLED="${INSTALLED-}" "$ISMS_SRC/ci/install-deps" "$@" \
		>/dev/null 2>"$TMP/err" || rc=$?
	err=$(cat "$TMP/err")
	apt=$(sed -n 's/^install -y -qq --no-install-recommends //p' "$LOG" | tr ' ' '\n' | grep .)
}

deps "$BIN" --bench
is "$rc" 0 "--bench without node and npm runs"
like "$apt" '^nodejs$' "without node, nodejs is asked for"
like "$apt" '^npm$' "without npm, npm is asked for"
like "$apt" '^time$' "and time, for peak memory"

deps "$NODE:$BIN" --bench
is "$rc" 0 "--bench with a Node.js that brings npm runs"
unlike "$apt" '^(nodejs|npm)$' "neither nodejs nor Debian's npm is asked for"
like "$apt" '^time$' "time still is"

rm "$NODE/npm"
deps "$NODE:$BIN" --bench
unlike "$apt" '^nodejs$' "with node but no npm, nodejs is not asked for"
like "$apt" '^npm$' "but npm is"

deps "$BIN"
unlike "$apt" '^(nodejs|npm|time)$' "without --bench, no Node.js, npm nor time"

# All installed: apt-get is not run at all.
cp "$NODE/node" "$NODE/npm"
all=$(sed -n '/^pkgs="/,/"$/p' "$ISMS_SRC/ci/install-deps" | tr -d '"' | sed 's/^pkgs=//')
INSTALLED="$all time" deps "$NODE:$BIN" --bench
is "$rc" 0 "with everything installed it succeeds"
is "$(cat "$LOG")" "" "without running apt-get"

deps "$BIN" --browser
like "$apt" '^chromium$' "--browser asks for Chromium (the browser tests, manual --pdf)"
like "$apt" '^poppler-utils$' "and poppler-utils (the printed manual's test reads the PDF)"

deps "$BIN" --nonsense
is "$rc" 2 "an unknown option is a usage error"
like "$err" '^usage: ci/install-deps' "with the usage"

done_testing
