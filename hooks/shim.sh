#!/bin/sh
# isms-hook-shim 1
# Installed by `isms-hook install`; `isms-hook uninstall` removes it and
# puts back the hook it kept. Do not edit: run `isms-hook install` again.
hook=$(basename "$0")
isms_hook=@ISMS_HOOK@
[ -x "$isms_hook" ] || isms_hook=isms-hook
kept="$(dirname "$0")/$hook.isms-kept"
case $hook in
pre-push|pre-receive)
	# Both hooks read the same ref lines on standard input.
	input=$(cat)
	if [ -x "$kept" ]; then
		printf '%s\n' "$input" | "$kept" "$@" || exit $?
	fi
	printf '%s\n' "$input" | "$isms_hook" "$hook" "$@"
	;;
*)
	if [ -x "$kept" ]; then
		"$kept" "$@" || exit $?
	fi
	exec "$isms_hook" "$hook" "$@"
	;;
esac
