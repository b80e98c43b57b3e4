# repo.sh - make ISMS repositories the way they grow in real life, for the
# tests (tests/cli/lib.sh) and the demo (ci/demo). Needs $DATA (the
# fixtures folder) and a git identity in the environment.

# new_repo DIR [FIXTURE]: a git repository, optionally holding a copy of a
# fixture from tests/data, brought in through an approved pull request.
new_repo() {
	git init -q -b main "$1"
	if [ $# -gt 1 ]; then
		git -C "$1" commit -q --allow-empty -m "start"
		cp -R "$DATA/$2/." "$1/"
		git -C "$1" add -A
		approved_commit "$1" "initial ISMS"
	fi
}

# git_signed ARGS: git ARGS, signed with APPROVER_SIGNINGKEY when set.
git_signed() {
	if [ -n "${APPROVER_SIGNINGKEY:-}" ]; then
		git -c gpg.format=ssh -c user.signingkey="$APPROVER_SIGNINGKEY" "$@" -S
	else
		git "$@"
	fi
}

# approved_merge DIR BRANCH: an approver (APPROVER_NAME and APPROVER_EMAIL,
# default Jane Roe <jane@example.com>) merges pull request #$_pr from
# BRANCH into the current branch of DIR with an Approved-by trailer,
# signing the merge with the ssh key APPROVER_SIGNINGKEY when it is set.
approved_merge() {
	_an=${APPROVER_NAME:-Jane Roe}
	_ae=${APPROVER_EMAIL:-jane@example.com}
	GIT_AUTHOR_NAME="$_an" GIT_AUTHOR_EMAIL="$_ae" \
	GIT_COMMITTER_NAME="$_an" GIT_COMMITTER_EMAIL="$_ae" \
		git_signed -C "$1" merge -q --no-ff "$2" \
		-m "Merge pull request #$_pr from example/$2" \
		-m "Approved-by: $_an <$_ae>"
}

# approved_commit DIR SUBJECT: commit what is staged in DIR the way an ISMS
# changes: Sam Poe commits on a branch, an approver (APPROVER_NAME and
# APPROVER_EMAIL, default Jane Roe <jane@example.com>) merges the pull
# request with an Approved-by trailer, signing the merge with the ssh key
# APPROVER_SIGNINGKEY when it is set.
_pr=0
approved_commit() {
	_pr=$((_pr + 1))
	git -C "$1" checkout -q -b "change-$_pr"
	GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL="sam@example.com" \
		git -C "$1" commit -q -m "$2"
	git -C "$1" checkout -q main
	approved_merge "$1" "change-$_pr"
	git -C "$1" branch -q -d "change-$_pr"
}

# starter_repo DIR: a repository holding the starter ISMS
# (policy-templates/) of Northwind Cloud Ltd (the placeholder filled in
# as isms-new repo fills it), adopted through a pull request approved by
# the CISO of its isms.yml.
starter_repo() {
	git init -q -b main "$1"
	git -C "$1" commit -q --allow-empty -m start
	cp -R "$ISMS_SRC/policy-templates/." "$1/"
	grep -rl '{{organisation}}' "$1" --exclude-dir=.git | while read -r _f; do
		sed -i 's/{{organisation}}/Northwind Cloud Ltd/g' "$_f"
	done
	git -C "$1" add -A
	APPROVER_NAME="Jane Roe" APPROVER_EMAIL=ciso@example.com \
		approved_commit "$1" "Adopt the starter ISMS"
}
