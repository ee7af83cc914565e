# Installs Debian's Chromium and the Noto CJK fonts, with no recommended
# packages, when Chromium is missing: report's TestHTMLInBrowser renders
# the monthly brief headless and checks the screenshot (without Chromium
# it skips, or fails when CI is set). Sourced by .ci/run; the test starts
# Chromium itself, with a fresh profile and no network of its own.

if ! command -v chromium >/dev/null 2>&1 || ! fc-list : family 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then
	echo "chromium: installing chromium and fonts-noto-cjk with apt"
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
	else
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
	fi
fi
chromium --version 2>/dev/null || true
