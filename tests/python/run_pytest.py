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
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "--rootdir", here, here] + sys.argv[1:]))
