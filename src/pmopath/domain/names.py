"""Finding roles by the names people actually use: id, title or alias, in any case."""

from __future__ import annotations

from difflib import get_close_matches

from pmopath.domain.errors import UnknownRole, UnknownTrack
from pmopath.domain.framework import Framework, Role, normalise_name


def find_role(framework: Framework, reference: str) -> Role:
    """Return the role whose id, title or alias matches ``reference`` (case-insensitive).

    Raises UnknownRole, carrying the closest names, when nothing matches.
    """
    index = framework.role_name_index
    role_id = index.get(normalise_name(reference))
    if role_id is None:
        raise UnknownRole(reference, closest_role_names(framework, reference))
    return framework.roles_by_id[role_id]


def closest_role_names(framework: Framework, reference: str, limit: int = 3) -> list[str]:
    """Return up to ``limit`` role titles that look most like ``reference``."""
    index = framework.role_name_index
    needle = normalise_name(reference)
    ranked: list[str] = []
    if needle:  # names that start with, then contain, what was typed come first
        ranked += sorted((name for name in index if name.startswith(needle)), key=len)
        ranked += sorted((name for name in index if needle in name[1:]), key=len)
    ranked += get_close_matches(needle, list(index), n=limit * 3, cutoff=0.6)
    titles: list[str] = []
    for name in ranked:
        title = framework.roles_by_id[index[name]].title
        if title not in titles:
            titles.append(title)
    return titles[:limit]


def find_track(framework: Framework, reference: str) -> str:
    """Return the id of the track named by ``reference`` (its id or name, any case)."""
    wanted = normalise_name(reference)
    for track in framework.tracks:
        if wanted in (normalise_name(track.id), normalise_name(track.name)):
            return track.id
    known = [t.id for t in framework.tracks]
    raise UnknownTrack(reference, known, role_too=False)
