"""newsdesk: an offline news intelligence engine."""

from newsdesk.version import __version__

__all__ = ["Desk", "Article", "__version__"]


def __getattr__(name: str):
    # Lazy, so `import newsdesk` stays cheap for the CLI and worker processes.
    if name == "Desk":
        from newsdesk.desk import Desk

        return Desk
    if name == "Article":
        from newsdesk.model import Article

        return Article
    raise AttributeError(name)
