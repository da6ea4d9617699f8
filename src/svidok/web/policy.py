"""Who may do what in the web app: one table, enforced by svidok.web.auth.PolicyGate and read by
the route-matrix test (tests/web/test_policy.py).

Each route of the app (path template as FastAPI declares it, and method) has exactly one rule:
how the caller proves who they are (`public`, a `session` cookie, or an API `token`) and which
roles may pass. A route missing from this table is refused for everyone. Restricted roles (those
not in FIELDS["all_incidents"]) reach an `{incident_id}` only when it is shared with them and a
`{document_id}` only when a shared incident cites it; any other path parameter is refused to them.

FIELDS says who sees what inside a page or an API answer that several roles may open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from svidok.services.users import ROLES

ANONYMOUS = "anonymous"  # the caller of a public route who has not signed in

Auth = Literal["public", "session", "token"]

EVERYONE: frozenset[str] = frozenset(ROLES)
STAFF = frozenset({"admin", "analyst"})
ADMINS = frozenset({"admin"})
IN_HOUSE = frozenset({"admin", "analyst", "viewer"})  # not reviewer-external


@dataclass(frozen=True)
class Rule:
    method: str
    path: str
    auth: Auth
    roles: frozenset[str]  # who may pass (ignored for public routes: anyone may)
    why: str = ""


FIELDS: dict[str, frozenset[str]] = {
    "names": STAFF,  # protected persons' names unredacted; everyone else gets "[name withheld]"
    "original_bytes": STAFF,  # the original file as preserved (may hold every name unredacted)
    "all_incidents": IN_HOUSE,  # the others see only incidents shared with them (services.sharing)
    "review": STAFF,  # the review forms on the incident page
    "share": ADMINS,  # the sharing control on the incident page
    "users": ADMINS,  # the users link in the header
}

RULES: tuple[Rule, ...] = (
    Rule("GET", "/", "public", EVERYONE, "redirect to the list"),
    Rule("GET", "/login", "public", EVERYONE, "login form"),
    Rule("POST", "/login", "public", EVERYONE, "login (CSRF cookie + throttle)"),
    Rule("GET", "/static", "public", EVERYONE, "CSS, scripts, vendored libraries"),
    Rule("GET", "/basemap.geojson", "public", EVERYONE, "public-domain oblast borders"),
    Rule("GET", "/openapi.json", "public", EVERYONE, "API schema (no case data)"),
    Rule("POST", "/logout", "session", EVERYONE),
    Rule("GET", "/incidents", "session", EVERYONE, "restricted roles: shared incidents only"),
    Rule("GET", "/map", "session", EVERYONE, "restricted roles: shared incidents only"),
    Rule("GET", "/timeline", "session", EVERYONE, "restricted roles: shared incidents only"),
    Rule("GET", "/incidents/{incident_id}", "session", EVERYONE),
    Rule("POST", "/incidents/{incident_id}/review", "session", FIELDS["review"]),
    Rule("POST", "/incidents/bulk", "session", FIELDS["review"],
         "confirm or reject the ticked incidents, or all matching the filter (one review each)"),
    Rule("GET", "/places", "session", FIELDS["review"], "gazetteer search of the review form's place field"),
    Rule("POST", "/incidents/{incident_id}/share", "session", FIELDS["share"]),
    Rule("GET", "/documents/{document_id}", "session", EVERYONE, "redacted text unless FIELDS names"),
    Rule("GET", "/documents/{document_id}/original", "session", FIELDS["original_bytes"],
         "every download is a custody event"),
    Rule("GET", "/settings", "session", EVERYONE, "one's own interface language"),
    Rule("POST", "/settings", "session", EVERYONE, "sets only the caller's own language (CSRF)"),
    Rule("GET", "/export", "session", EVERYONE, "the filtered list as CSV/GeoJSON/JSON/ACLED; restricted "
         "roles: shared incidents only; names withheld unless FIELDS names asks"),
    Rule("POST", "/package", "session", FIELDS["original_bytes"], "evidence package of the filtered list "
         "(holds originals); a custody event"),
    Rule("POST", "/incidents/{incident_id}/package", "session", FIELDS["original_bytes"],
         "evidence package of one incident (holds originals); a custody event"),
    Rule("GET", "/users", "session", FIELDS["users"]),
    Rule("POST", "/users", "session", FIELDS["users"]),
    Rule("GET", "/api/incidents", "token", EVERYONE, "restricted roles: shared incidents only"),
    Rule("GET", "/api/incidents/{incident_id}", "token", EVERYONE),
    Rule("POST", "/api/incidents/{incident_id}/reviews", "token", FIELDS["review"]),
    Rule("GET", "/api/incidents/{incident_id}/history", "token", EVERYONE),
)

_BY_KEY = {(r.method, r.path): r for r in RULES}
assert len(_BY_KEY) == len(RULES), "two rules for one route"


def rule_for(method: str, path: str) -> Rule | None:
    """The rule of one route (HEAD goes as GET), or None: then nobody may use it."""
    return _BY_KEY.get(("GET" if method == "HEAD" else method, path))


def admits(rule: Rule | None, role: str | None) -> bool:
    """May a caller with `role` (None: not signed in) use the route of `rule`?"""
    if rule is None:
        return False
    if rule.auth == "public":
        return True
    return role is not None and role in rule.roles


def may(role: str, method: str, path: str) -> bool:
    """May `role` use the route `method path` (for links and forms that lead there)?"""
    return admits(rule_for(method, path), role)


def sees(role: str, field: str) -> bool:
    """Does `role` see `field` (a key of FIELDS)? Unknown fields are seen by nobody."""
    return role in FIELDS.get(field, frozenset())


def restricted(role: str) -> bool:
    """True for roles that see only what is shared with them."""
    return not sees(role, "all_incidents")
