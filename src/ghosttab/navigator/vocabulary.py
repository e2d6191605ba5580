"""The words the click rules read names by: submits, dismissals, negatives, junk, the way forward."""

from __future__ import annotations

import re

CLICKABLE_ROLES = frozenset({"link", "button", "tab", "menuitem", "treeitem", "option", "switch"})
SUBMIT_WORDS = frozenset(
    {
        "submit",
        "continue",
        "next",
        "sign in",
        "log in",
        "login",
        "signin",
        "register",
        "search",
        "go",
        "apply",
        "save",
        "confirm",
        "place order",
        "complete",
        "book",
        "pay",
        "send",
        "proceed",
        "finish",
        "done",
        "ok",
        "checkout",
        "check out",
        "sign up",
        "create account",
        "add",
        "find",
        "update",
        "request",
        "enroll",
        "enrol",
        "reserve",
        "subscribe",
    }
)
NEGATIVE_WORDS = frozenset(
    {
        "cancel",
        "reset",
        "clear",
        "delete",
        "remove",
        "logout",
        "log out",
        "sign out",
        "back",
        "previous",
        "close",
    }
)
JUNK_WORDS = frozenset(
    {
        "home",
        "logout",
        "log out",
        "sign out",
        "privacy",
        "terms",
        "help",
        "contact",
        "about",
        "cookie",
        "cookies",
        "language",
        "faq",
        "careers",
        "accessibility",
        "sitemap",
        "twitter",
        "facebook",
        "instagram",
        "linkedin",
        "skip to content",
        "skip to main content",
    }
)
DISMISS_WORDS = (
    "accept all",
    "accept",
    "agree",
    "i agree",
    "got it",
    "ok",
    "close",
    "no thanks",
    "dismiss",
    "reject all",
    "reject",
    "not now",
    "maybe later",
    "continue without",
    "×",
    "x",
    "✕",
    "allow all",
    "understood",
    "skip",
)
NEXT_WORDS = ("next", "next page", "›", "»", ">", "more", "load more", "show more", "older")
_BUY = (
    "add to cart",
    "add to basket",
    "add to bag",
    "buy now",
    "checkout",
    "check out",
    "place order",
    "purchase",
)
_SIGN_UP = ("register", "enroll", "enrol", "sign up", "book", "reserve", "join", "apply")
# What a goal's verb looks like on a button: "Buy ..." is done with "Add to cart", "Checkout", "Place order".
VERB_ACTIONS: dict[str, tuple[str, ...]] = {
    "buy": _BUY,
    "purchase": _BUY,
    "order": _BUY,
    "pay": ("pay", "checkout", "place order"),
    "register": _SIGN_UP,
    "enroll": _SIGN_UP,
    "enrol": _SIGN_UP,
    "sign": _SIGN_UP,
    "book": _SIGN_UP,
    "reserve": _SIGN_UP,
    "download": ("download", "pdf", "export"),
    "apply": ("apply", "start application"),
    "subscribe": ("subscribe", "sign up"),
    # A talk or a paper is submitted through the call for papers ("Go to CfP").
    "submit": ("cfp", "call for papers", "call for proposals", "call for participation"),
    "cancel": ("cancel",),
    "renew": ("renew",),
}
# Where a site keeps what the goal changes about the person: "my speaker biography" is on "My profile".
KEPT_ON: dict[str, tuple[str, ...]] = dict.fromkeys(
    ("biography", "bio", "avatar", "headshot", "pronouns"), ("profile", "my account", "account settings")
)
FORWARD_WORDS = (
    "proceed",
    "continue",
    "next step",
    "checkout",
    "check out",
    "review order",
    "confirm",
    "next",
    "get started",
    "begin",
    "accept and send",
)
# A service's own way in ("Start now" on a start page): taken without waiting for anything better.
START_WORDS = ("start now", "start application", "start your application")
# Buttons that hold a state (a switch, a tab, an option) set it; they never send the form.
_STATE_ROLES = frozenset(
    {"switch", "checkbox", "radio", "tab", "option", "menuitemcheckbox", "menuitemradio"}
)
# A calendar's own paging ("Next Month", "Previous year"): it moves the picker, never the flow.
_CALENDAR_PAGING = re.compile(
    r"^\W*(next|previous|prev|last|following)\s+(day|week|month|year|decade|century)s?\W*$", re.I
)
_AGAIN = re.compile(r"\b(another|and new|& new|continue editing|add more|draft)\b", re.I)
_GENERIC = re.compile(
    r"^(view|details?|open|show|more|select|choose|go|see details|view details|edit|manage)$", re.I
)
