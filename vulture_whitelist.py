"""Names called from outside Python's sight (mkdocs-macros, pytest, the standard library): not dead code."""
from macros import define_env, on_post_build  # mkdocs-macros hooks
from tests.conftest import Quiet, QuietServer, pytest_collection_modifyitems  # pytest hook, http.server callbacks
from tests.test_codes import VisibleText  # html.parser callbacks
from tests.test_site import Page  # html.parser callback
from tests.test_balayage import pytestmark  # read by pytest: marks of every test of the module

define_env, on_post_build, pytest_collection_modifyitems
pytestmark
Quiet.log_message
QuietServer.handle_error
Page.handle_starttag
VisibleText.handle_endtag, VisibleText.handle_data

# properties of python-docx objects, set in macros/packs.py and read by the word processor
_ = None
_.bold, _.italic, _.subject, _.created, _.modified
