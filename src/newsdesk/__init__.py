"""newsdesk: an offline news intelligence engine."""

from newsdesk.model import Article
from newsdesk.version import __version__

__all__ = ["Desk", "Article", "__version__"]


def __getattr__(name: str):
    # Lazy, so `import newsdesk` stays cheap for the CLI and worker processes.
    if name == "Desk":
        # heavy: `import newsdesk.anything` runs this file; the Desk would load the whole desk everywhere
        from newsdesk.desk import Desk

        return Desk
    raise AttributeError(name)
