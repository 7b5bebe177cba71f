# The two commands of the README. Both install whatever is missing on first use.
.PHONY: run test

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh
