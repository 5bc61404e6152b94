"""Placeholder: this command group is being written (see the issue tracker)."""


def register(sub) -> None:  # noqa: ARG001 - filled in by the owner of this command group
    return None
