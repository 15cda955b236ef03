"""ctest's entry to the Python module's tests (tests/CMakeLists.txt): pytest on this directory, or
exit 77 (ctest's SKIP_RETURN_CODE) with the reason when pytest is not installed."""
import os
import sys

try:
    import pytest
except ImportError:
    print("skipped: pytest is not installed for", sys.executable, "(Debian: apt install python3-pytest)")
    sys.exit(77)

here = os.path.dirname(os.path.abspath(__file__))
args = ["-q", "-p", "no:cacheprovider", "--rootdir", here, here]
if os.environ.get("SITREP_TEST_TMP_DIR"):  # the build's scratch space rather than /tmp/pytest-of-USER
    args.append("--basetemp=" + os.path.join(os.environ["SITREP_TEST_TMP_DIR"], "python"))
sys.exit(pytest.main(args + sys.argv[1:]))
