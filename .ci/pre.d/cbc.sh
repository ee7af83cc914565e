# Installs Debian's COIN-OR CBC, the MILP solver internal/oracle's tests
# and benchmarks check rota.Generate against (without it they skip, or
# fail when CI is set). Sourced by .ci/run.

if ! command -v cbc >/dev/null 2>&1; then
	echo "cbc: installing coinor-cbc with apt"
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends coinor-cbc >/dev/null
	else
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends coinor-cbc >/dev/null
	fi
fi
command -v cbc
