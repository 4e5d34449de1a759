"""What to do about a form field that was refused, in words ("Enter the peer's first name"),
from the field's name and the problem's code. Never the value typed."""

from __future__ import annotations

NOUNS = {
    "preferred_name": "the name the peer goes by",
    "first_name": "the peer's first name",
    "last_name": "the peer's last name",
    "date_of_birth": "the peer's date of birth",
    "phone": "a phone number",
    "email": "an email address",
    "username": "a username",
    "password": "a password",
    "display_name": "the staff member's name",
    "reason": "the reason",
    "text": "the amendment",
    "peer_id": "the peer's record number",
    "staff_id": "the staff member",
    "recipient_name": "who receives it",
    "recipient_kind": "who the recipient is",
    "purpose": "the purpose",
    "basis": "the basis for sharing",
    "information": "what information to share",
    "peer_age": "the peer's age in years",
    "occurred_on": "the date of the meeting",
    "minutes": "the minutes",
}
SPECIFIC = {
    ("acknowledged", "required"): "Confirm that the peer heard the confidentiality talk",
    ("roles", "required"): "Choose at least one role",
    ("username", "invalid_username"): "Choose a username of 2 to 64 lower-case letters, "
    "digits, dots, dashes or underscores, starting with a letter or digit",
    ("peer_id", "not_found"): "No peer has that record number: copy it from the address of "
    "the peer's record",
    ("staff_id", "not_found"): "Choose a staff member from the list",
    ("confirm_delete", "required"): "Tick the box to confirm",
    ("reason", "required"): "Say why",
    ("text", "required"): "Write the amendment",
    ("information", "required"): "Choose what information to share",
}


def problem_text(field: str, code: str) -> str:
    """One sentence saying what to do about `field`."""
    if (field, code) in SPECIFIC:
        return SPECIFIC[(field, code)]
    noun = NOUNS.get(field, "this field: " + field.replace("_", " "))
    if code in ("required", "missing"):
        return f"Enter {noun}"
    if code == "too_long":
        return f"Make {noun} shorter"
    if code.startswith("min_") and code[4:].isdigit():
        return f"Give {noun} in at least {code[4:]} characters"
    if code in ("invalid_date", "date_from_datetime_parsing", "date_parsing"):
        return f"Enter {noun} as a date"
    if code == "invalid_phone":
        return "Enter a phone number of 7 to 15 digits, such as (555) 010-7788"
    if code == "invalid_email":
        return "Enter an email address, such as name@example.org"
    if code == "not_allowed_for_alias_only":
        return f"Leave {noun} empty for an alias-only peer"
    return f"Check {noun}"
