# The two commands of the README. Both install whatever is missing on first use.
# `make fuzz` is the long contract run: schemathesis against the already built server, 500
# generated requests per operation and role instead of the default 25.
.PHONY: run test fuzz

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

fuzz:
	@CONTRACT_EXAMPLES=500 bash scripts/contract.sh
