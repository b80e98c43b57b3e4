#!/bin/sh
# isms-hook install and uninstall never lose a hook or a commit: concurrent
# runs are serialised by a lock, a kept hook runs with its own $0 (husky
# v9's dispatcher picks the user's script by it), and a crash inside a hook
# blocks with the hook's name instead of passing. Real repositories, real
# hooks, real git commit and git push.
. "$(dirname "$0")/lib.sh"

POL=policies/information-security.md
R="$TMP/r"
new_repo "$R" good
HOOKS="$R/.git/hooks"
ZERO=0000000000000000000000000000000000000000

# A commit of a note in $R, which no check refuses.
n=0
note() {
	n=$((n + 1))
	echo "$n" >> "$R/notes.txt"
	git -C "$R" add notes.txt
}

# ------------------------------------------------------------ the lock

# A foreign hook that says so when it runs; its bytes are compared below.
FOREIGN='#!/bin/sh
# the team'"'"'s own pre-commit hook
echo foreign-hook-ran >&2
'
printf '%s' "$FOREIGN" > "$TMP/foreign"
cp "$TMP/foreign" "$HOOKS/pre-commit"
chmod +x "$HOOKS/pre-commit"

# intact: 0 when the foreign hook is there exactly once, as the kept hook
# beside our shim (installed) or under its own name (uninstalled).
intact() {
	if cmp -s "$TMP/foreign" "$HOOKS/pre-commit.isms-kept"; then
		grep -q isms-hook-shim "$HOOKS/pre-commit"
	else
		cmp -s "$TMP/foreign" "$HOOKS/pre-commit" && [ ! -e "$HOOKS/pre-commit.isms-kept" ]
	fi
}

# reset: the foreign hook alone again (shell builtins and one rm: each
# round costs little more than its isms-hook runs).
reset() {
	rm -f "$HOOKS/pre-commit.isms-kept"
	printf '%s' "$FOREIGN" > "$HOOKS/pre-commit"
}

# Two installs at once (three every fourth round), 200 rounds: without the
# lock, both saw the foreign hook and the second renamed the first's shim
# over the kept hook, which was then lost.
lost=0 kept=0
i=0
while [ $i -lt 200 ]; do
	isms-hook install -C "$R" --force pre-commit >/dev/null 2>&1 &
	isms-hook install -C "$R" --force pre-commit >/dev/null 2>&1 &
	[ $((i % 4)) -ne 0 ] || isms-hook install -C "$R" --force pre-commit >/dev/null 2>&1 &
	wait
	cmp -s "$TMP/foreign" "$HOOKS/pre-commit.isms-kept" && kept=$((kept + 1))
	intact || lost=$((lost + 1))
	reset
	i=$((i + 1))
done
is "$lost" 0 "200 rounds of concurrent install --force never lose the foreign hook"
is "$kept" 200 "after each, it is kept exactly once, as pre-commit.isms-kept"

# An install and an uninstall at once: either order leaves the foreign hook
# intact, kept beside the shim or back under its own name.
lost=0
i=0
while [ $i -lt 100 ]; do
	isms-hook install -C "$R" --force pre-commit >/dev/null 2>&1 &
	isms-hook uninstall -C "$R" >/dev/null 2>&1 &
	wait
	intact || lost=$((lost + 1))
	reset
	i=$((i + 1))
done
is "$lost" 0 "100 rounds of install and uninstall at once never lose it"
is "$(ls -A "$HOOKS" | grep -v '\.sample$')" "pre-commit" \
	"no lock file or temporary file is left in the hooks folder"

run isms-hook install -C "$R" --force pre-commit
note
run git -C "$R" commit -q -m "A note"
is "$rc" 0 "after all that, a commit passes"
like "$err" foreign-hook-ran "and the kept foreign hook runs"
run isms-hook uninstall -C "$R"
ok $(cmp -s "$TMP/foreign" "$HOOKS/pre-commit"; echo $?) "uninstall puts it back byte for byte"

# A kept hook is never overwritten: a second foreign hook refuses.
run isms-hook install -C "$R" --force pre-commit
printf '#!/bin/sh\necho second\n' > "$HOOKS/pre-commit" && chmod +x "$HOOKS/pre-commit"
run isms-hook install -C "$R" --force pre-commit
is "$rc" 2 "a foreign hook over an existing kept one is refused"
like "$err" 'a kept hook is already there' "saying why"
ok $(cmp -s "$TMP/foreign" "$HOOKS/pre-commit.isms-kept"; echo $?) "the kept hook is untouched"
rm "$HOOKS/pre-commit.isms-kept"
cp "$TMP/foreign" "$HOOKS/pre-commit"

# A run that died leaves its lock file, which holds nothing (the kernel
# released the lock); a live holder makes the next run wait.
: > "$HOOKS/.isms-hook.lock"
run isms-hook install -C "$R" --force pre-commit
is "$rc" 0 "a lock file left by a dead run does not block"
ok $([ ! -e "$HOOKS/.isms-hook.lock" ]; echo $?) "and is cleared"
flock "$HOOKS/.isms-hook.lock" sh -c ': > "$1"; sleep 0.5' sh "$TMP/held" &
while [ ! -e "$TMP/held" ]; do sleep 0.01; done
start=$(date +%s%N)
run isms-hook uninstall -C "$R"
took=$(( ($(date +%s%N) - start) / 1000000 ))
wait
is "$rc" 0 "uninstall while another holds the lock"
ok $([ "$took" -ge 200 ]; echo $?) "waits for the lock (${took} ms)"
ok $(cmp -s "$TMP/foreign" "$HOOKS/pre-commit"; echo $?) "then puts the hook back"

# ------------------------------------------------------------ $0 of a kept hook

# Each kind of kept commit-msg hook says how it was called; it must see
# the hook's own path as $0, and git's arguments.
for interp in '/bin/sh' '/bin/sh -e' '/usr/bin/env sh' '/bin/bash' \
	'/usr/bin/env bash' '/bin/dash' '/usr/bin/env -S sh -e'; do
	printf '#!%s\necho "$0 $1" > "$ARGS"\nexit ${KEPT_EXIT:-0}\n' "$interp" > "$HOOKS/commit-msg"
	chmod +x "$HOOKS/commit-msg"
	isms-hook install -C "$R" --force commit-msg >/dev/null
	note
	rm -f "$TMP/args"
	ARGS="$TMP/args" run git -C "$R" commit -q -m "A note"
	is "$rc" 0 "#!$interp: the chained commit passes"
	like "$(cat "$TMP/args" 2>/dev/null)" '/hooks/commit-msg [^ ]*COMMIT_EDITMSG$' \
		"#!$interp: the kept hook runs with \$0 the hook's own path, and git's argument"
	isms-hook uninstall -C "$R" >/dev/null
done
note
isms-hook install -C "$R" --force commit-msg >/dev/null
ARGS="$TMP/args" KEPT_EXIT=1 run git -C "$R" commit -q -m "A note"
ok $([ "$rc" -ne 0 ]; echo $?) "a kept shell script read by its shell still blocks with its exit status"
unlike "$err" 'isms-hook: commit-msg:' "as its own verdict, not as trouble"
isms-hook uninstall -C "$R" >/dev/null

# Anything else runs as it is (here, perl).
printf '#!/usr/bin/perl\nopen(my $f, ">", $ENV{ARGS}); print $f "perl $ARGV[0]\\n";\n' > "$HOOKS/commit-msg"
chmod +x "$HOOKS/commit-msg"
isms-hook install -C "$R" --force commit-msg >/dev/null
rm -f "$TMP/args"
ARGS="$TMP/args" run git -C "$R" commit -q -m "A note"
is "$rc" 0 "a kept perl hook: the chained commit passes"
like "$(cat "$TMP/args" 2>/dev/null)" '^perl [^ ]*COMMIT_EDITMSG$' "it ran, with git's argument"
isms-hook uninstall -C "$R" >/dev/null
rm "$HOOKS/commit-msg"

# ------------------------------------------------------------ husky v9

# What `husky` (9.1.7, index.js) writes: core.hooksPath .husky/_, one
# dispatcher a hook that sources .husky/_/h (copied from husky's `husky`
# file), which runs the user's .husky/NAME picked by `basename "$0"`.
H="$TMP/husky"
new_repo "$H" good
mkdir -p "$H/.husky/_"
git -C "$H" config core.hooksPath .husky/_
printf '*' > "$H/.husky/_/.gitignore"
cat > "$H/.husky/_/h" <<'EOF'
#!/usr/bin/env sh
[ "$HUSKY" = "2" ] && set -x
n=$(basename "$0")
s=$(dirname "$(dirname "$0")")/$n

[ ! -f "$s" ] && exit 0

if [ -f "$HOME/.huskyrc" ]; then
	echo "husky - '~/.huskyrc' is DEPRECATED, please move your code to ~/.config/husky/init.sh"
fi
i="${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"
[ -f "$i" ] && . "$i"

[ "${HUSKY-}" = "0" ] && exit 0

export PATH="node_modules/.bin:$PATH"
sh -e "$s" "$@"
c=$?

[ $c != 0 ] && echo "husky - $n script failed (code $c)"
[ $c = 127 ] && echo "husky - command not found in PATH=$PATH"
exit $c
EOF
for h in pre-commit pre-merge-commit prepare-commit-msg commit-msg post-commit \
	applypatch-msg pre-applypatch post-applypatch pre-rebase post-rewrite \
	post-checkout post-merge pre-push pre-auto-gc; do
	printf '#!/usr/bin/env sh\n. "$(dirname "$0")/h"' > "$H/.husky/_/$h"
	chmod 755 "$H/.husky/_/$h"
done
printf '%s' 'echo "husky - DEPRECATED

Please remove the following two lines from $0:

#!/usr/bin/env sh
. \"\$(dirname -- \"\$0\")/_/husky.sh\"

They WILL FAIL in v10.0.0
"' > "$H/.husky/_/husky.sh"
# The user's own pre-commit script, as `husky init` leaves it for editing.
printf 'echo husky-user-script-ran >> "$HUSKY_MARK"\nexit ${HUSKY_USER_EXIT:-0}\n' > "$H/.husky/pre-commit"
(cd "$H/.husky/_" && md5sum h .gitignore husky.sh pre-commit commit-msg pre-push post-commit) > "$TMP/husky.md5"
ls -lA "$H/.husky/_" | sed 1d | awk '{ print $1, $NF }' > "$TMP/husky.ls"
export HUSKY_MARK="$TMP/husky-ran"

run isms-hook install -C "$H"
is "$rc" 2 "husky's hooks are not overwritten without --force"
run isms-hook install -C "$H" --force
is "$rc" 0 "install --force over husky"
ok $(grep -q isms-hook-shim "$H/.husky/_/pre-commit"; echo $?) "the shim is in core.hooksPath, .husky/_"
echo x >> "$H/notes.txt" && git -C "$H" add notes.txt
rm -f "$HUSKY_MARK"
run git -C "$H" commit -q -m "A note"
is "$rc" 0 "a clean commit passes both"
is "$(cat "$HUSKY_MARK" 2>/dev/null)" husky-user-script-ran "the user's .husky/pre-commit runs through husky's dispatcher"
echo y >> "$H/notes.txt" && git -C "$H" add notes.txt
rm -f "$HUSKY_MARK"
head=$(git -C "$H" rev-parse HEAD)
HUSKY_USER_EXIT=1 run git -C "$H" commit -q -m "Another note"
ok $([ "$rc" -ne 0 ]; echo $?) "the user's husky script can still block the commit"
like "$out$err" 'husky - pre-commit script failed \(code 1\)' "husky says so, in its words"
is "$(git -C "$H" rev-parse HEAD)" "$head" "no commit was made"
sed -i 's/^## Resource Allocation/## Budget/' "$H/$POL" && git -C "$H" add "$POL"
rm -f "$HUSKY_MARK"
run git -C "$H" commit -q -m "Drop a section"
ok $([ "$rc" -ne 0 ]; echo $?) "ours runs too: a policy without a required section is blocked"
like "$err" 'Resource Allocation' "with our finding"
is "$(cat "$HUSKY_MARK" 2>/dev/null)" husky-user-script-ran "after the user's script ran"
git -C "$H" reset -q --hard
run isms-hook uninstall -C "$H"
is "$rc" 0 "uninstall from husky's folder"
is "$(cd "$H/.husky/_" && md5sum h .gitignore husky.sh pre-commit commit-msg pre-push post-commit)" \
	"$(cat "$TMP/husky.md5")" "husky's files are back byte for byte"
is "$(ls -lA "$H/.husky/_" | sed 1d | awk '{ print $1, $NF }')" "$(cat "$TMP/husky.ls")" \
	"with their modes, and nothing else is left in .husky/_"

# ------------------------------------------------------------ crashes

# A shim whose recorded isms-hook is gone runs the one on PATH; here one
# that dies of SIGSEGV, as a crash of the tool would.
mkdir -p "$TMP/inst" "$TMP/fake"
cp "$ISMS_BUILD/isms-hook" "$TMP/inst/isms-hook"
"$TMP/inst/isms-hook" install -C "$R" --force >/dev/null
rm "$TMP/inst/isms-hook"
printf '#!/bin/sh\nkill -SEGV $$\n' > "$TMP/fake/isms-hook"
chmod +x "$TMP/fake/isms-hook"
note
head=$(git -C "$R" rev-parse HEAD)
PATH="$TMP/fake:$PATH" run git -C "$R" commit -q -m "A note"
is "$rc" 1 "a crash of isms-hook in pre-commit blocks the commit"
like "$err" '^isms-hook: pre-commit: isms-hook crashed \(signal 11\); the commit is blocked — report this bug$' \
	"saying which hook and what crashed"
like "$err" 'foreign-hook-ran' "after the kept hook ran"
is "$(git -C "$R" rev-parse HEAD)" "$head" "no commit was made"
PATH="$TMP/fake:$PATH" run git -C "$R" commit -q --no-verify -m "A note"
is "$rc" 0 "git commit --no-verify still gets past"
note
# No isms-hook at all: the recorded one gone, none on PATH.
PATH=$(printf '%s' "$PATH" | sed "s|$ISMS_BUILD:||") run git -C "$R" commit -q -m "A note"
ok $([ "$rc" -ne 0 ]; echo $?) "a missing isms-hook blocks the commit"
like "$err" '^isms-hook: pre-commit: cannot run isms-hook .*status 127.*the commit is blocked' "saying so"
isms-hook uninstall -C "$R" >/dev/null
isms-hook install -C "$R" --force >/dev/null

# A kept hook that crashes blocks too: a shell script (read by its shell)
# and a program run as it is.
printf '#!/bin/sh\nkill -SEGV $$\n' > "$HOOKS/pre-commit.isms-kept"
run git -C "$R" commit -q -m "A note"
ok $([ "$rc" -ne 0 ]; echo $?) "a kept shell hook that crashes blocks the commit"
like "$err" '^isms-hook: pre-commit: the kept hook pre-commit.isms-kept died of signal 11; the commit is blocked$' \
	"naming the kept hook"
printf '#!/usr/bin/perl\nkill "SEGV", $$;\n' > "$HOOKS/pre-commit.isms-kept"
run git -C "$R" commit -q -m "A note"
ok $([ "$rc" -ne 0 ]; echo $?) "a kept program that crashes blocks the commit"
like "$err" 'the kept hook pre-commit.isms-kept died of signal 11' "naming it"
cp "$TMP/foreign" "$HOOKS/pre-commit.isms-kept"
run git -C "$R" commit -q -m "A note"
is "$rc" 0 "with the foreign hook back the commit passes"

# ------------------------------------------------------------ pre-push

# The kept pre-push and isms-hook both get git's ref lines, exactly.
S="$TMP/server.git"
git clone -q --bare "$R" "$S"
git -C "$R" remote add origin "$S"
printf '#!/bin/sh\ncat > "$PUSHED"\nexit ${KEPT_EXIT:-0}\n' > "$HOOKS/pre-push"
chmod +x "$HOOKS/pre-push"
isms-hook install -C "$R" --force pre-push >/dev/null
git -C "$R" checkout -q -b topic
note
git -C "$R" commit -q -m "A note" 2>/dev/null
PUSHED="$TMP/pushed" run git -C "$R" push -q origin topic
is "$rc" 0 "a clean push passes both"
printf 'refs/heads/topic %s refs/heads/topic %s\n' "$(git -C "$R" rev-parse topic)" "$ZERO" > "$TMP/want"
ok $(cmp -s "$TMP/pushed" "$TMP/want"; echo $?) "the kept pre-push reads git's ref lines as they are"
sed -i 's/^## Resource Allocation/## Budget/' "$R/$POL"
git -C "$R" commit -q --no-verify -am "Drop a section"
PUSHED="$TMP/pushed" run git -C "$R" push -q origin topic
ok $([ "$rc" -ne 0 ]; echo $?) "and isms-hook reads them too: a tip with errors is refused"
like "$err" 'isms-hook: push refused' "by isms-hook"
git -C "$R" reset -q --hard HEAD~1
note
git -C "$R" commit -q -m "A note" 2>/dev/null
PUSHED="$TMP/pushed" KEPT_EXIT=4 run git -C "$R" push -q origin topic
ok $([ "$rc" -ne 0 ]; echo $?) "the kept pre-push's refusal stops the push"
printf '#!/bin/sh\nkill -SEGV $$\n' > "$HOOKS/pre-push.isms-kept"
run git -C "$R" push -q origin topic
ok $([ "$rc" -ne 0 ]; echo $?) "a kept pre-push that crashes stops the push"
like "$err" '^isms-hook: pre-push: the kept hook pre-push.isms-kept died of signal 11; the push is blocked$' \
	"naming the hook"
rm "$HOOKS/pre-push.isms-kept"
cp "$ISMS_BUILD/isms-hook" "$TMP/inst/isms-hook"
"$TMP/inst/isms-hook" install -C "$R" pre-push >/dev/null
rm "$TMP/inst/isms-hook"
PATH="$TMP/fake:$PATH" run git -C "$R" push -q origin topic
is "$(git -C "$S" rev-parse topic)" "$(git -C "$R" rev-parse topic~1)" "a crash of isms-hook in pre-push pushes nothing"
like "$err" '^isms-hook: pre-push: isms-hook crashed \(signal 11\); the push is blocked — report this bug$' \
	"and says so"

done_testing
