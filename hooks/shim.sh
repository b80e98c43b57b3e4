#!/bin/sh
# isms-hook-shim 2
# Installed by `isms-hook install`; `isms-hook uninstall` removes it and
# puts back the hook it kept. Do not edit: run `isms-hook install` again.
hook=$(basename "$0")
isms_hook=@ISMS_HOOK@
[ -x "$isms_hook" ] || isms_hook=isms-hook
kept="$(dirname "$0")/$hook.isms-kept"
case $hook in
pre-push|pre-receive) what=push ;;
*) what=commit ;;
esac

# A program that died of a signal, or could not be started, is trouble
# that blocks, never a pass: `check STATUS WHO` returns STATUS when it is
# the program's own verdict, and exits 2 with the hook's name otherwise.
check() {
	if [ "$1" -gt 128 ] && [ "$1" -lt 256 ]; then
		if [ "$2" = isms-hook ]; then
			echo "isms-hook: $hook: isms-hook crashed (signal $(($1 - 128))); the $what is blocked — report this bug" >&2
		else
			echo "isms-hook: $hook: the kept hook $2 died of signal $(($1 - 128)); the $what is blocked" >&2
		fi
		exit 2
	fi
	if [ "$1" -eq 126 ] || [ "$1" -eq 127 ]; then
		if [ "$2" = isms-hook ]; then
			echo "isms-hook: $hook: cannot run isms-hook ($isms_hook, status $1: missing or not executable); the $what is blocked — install isms-hook, or \`isms-hook uninstall\`" >&2
		else
			echo "isms-hook: $hook: the kept hook $2 could not run, or a command it runs is missing (status $1); the $what is blocked" >&2
		fi
		exit 2
	fi
	return "$1"
}

# The shell that runs the kept hook, when it is a sh, bash or dash script
# ("#!/bin/sh -e", "#!/usr/bin/env bash", ...), with its options.
kept_shell() {
	first=
	IFS= read -r first <"$kept" || [ -n "$first" ] || return 1
	case $first in
	'#!'*) ;;
	*) return 1 ;;
	esac
	set -f
	# shellcheck disable=SC2086 # the interpreter line is split as the kernel does
	set -- ${first#??}
	set +f
	case ${1-} in
	env|*/env)
		shift
		[ "${1-}" = -S ] && shift
		;;
	esac
	case ${1-} in
	sh|*/sh|bash|*/bash|dash|*/dash) echo "$*" ;;
	*) return 1 ;;
	esac
}

# Run the kept hook with $0 being this hook's own path, not the kept
# file's: a dispatcher such as husky's .husky/_/h picks the user's script
# by `basename "$0"`. A shell script is read by its shell with $0 set;
# anything else (a binary, python) is run as it is.
run_kept() {
	if shell=$(kept_shell); then
		set -f
		# shellcheck disable=SC2086,SC2016 # split the shell from its options; its own $ISMS_KEPT
		ISMS_KEPT=$kept $shell -c '. "$ISMS_KEPT"' "$0" "$@"
		set -- $?
		set +f
		return "$1"
	else
		"$kept" "$@"
	fi
}

case $hook in
pre-push|pre-receive)
	# Both read the same ref lines on standard input: read it once, as it
	# is (the x keeps its last newlines from $(...)), and give each a copy.
	input=$(cat; echo x)
	input=${input%x}
	if [ -x "$kept" ]; then
		printf '%s' "$input" | run_kept "$@"
		check $? "$hook.isms-kept" || exit $?
	fi
	printf '%s' "$input" | "$isms_hook" "$hook" "$@"
	check $? isms-hook
	;;
*)
	if [ -x "$kept" ]; then
		run_kept "$@"
		check $? "$hook.isms-kept" || exit $?
	fi
	"$isms_hook" "$hook" "$@"
	check $? isms-hook
	;;
esac
