#!/bin/sh
# isms opens no network connection, so it does not pay for libgit2's load
# of the system's CA bundle at start (lib/git.c): where libgit2 is built
# with mbedTLS, the dynamic linker binds libgit2's call to the executable's
# empty mbedtls_x509_crt_parse_file, in every tool that opens a repository.
. "$(dirname "$0")/lib.sh"

R="$TMP/r"
new_repo "$R" good

if ! ldd "$ISMS_BUILD/isms-lint" | grep -q 'libmbedx509'; then
	echo "1..0 # SKIP libgit2 here is not built with mbedTLS"
	exit 0
fi

# bound NAME CMD...: run CMD with the dynamic linker's bindings printed;
# the call from libgit2 went to the tool itself, and the tool still ran.
bound() {
	_name=$1
	shift
	(cd "$R" && LD_DEBUG=bindings LD_DEBUG_OUTPUT="$TMP/ld" "$@") >"$TMP/out" 2>&1
	ok $? "$_name runs"
	like "$(cat "$TMP"/ld.* 2>/dev/null)" \
		"libgit2[^ ]* \[0\] to ([^ ]*/)?$1 \[0\]: normal symbol .mbedtls_x509_crt_parse_file" \
		"$_name: libgit2 calls the tool's mbedtls_x509_crt_parse_file"
	rm -f "$TMP"/ld.*
}

bound "isms-lint" isms-lint -C "$R"
bound "isms-render history" isms-render history -C "$R" --all
bound "isms-hook pre-commit" isms-hook pre-commit

done_testing
