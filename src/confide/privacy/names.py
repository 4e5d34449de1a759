"""A general detector for names the record does not know: a name lexicon, a common-English-word
allowlist and the context of each capitalized word."""

from __future__ import annotations

import re
from collections.abc import Iterator

from confide.privacy.lexicon import Lexicon, lexicon
from confide.privacy.spans import GUESS, PhiLabel, Span
from confide.privacy.tokens import Token, tokenize, wordset

TITLES = wordset(
    "mr mrs ms miss mx dr doctor prof professor officer judge det detective sgt sergeant "
    "pastor rev reverend father fr sister aunt auntie uncle grandma grandpa nana papa coach "
    "attorney counselor nurse deputy lt captain capt "
    # courtesy titles of other languages: "Herr Vogt", "Sra. Ortega", "Pani Nowak"
    "herr frau fräulein señor señora sr sra srta don doña dona dom mme mlle monsieur madame "
    "signor signora sig dott dottor dottoressa pan pani ing mag phdr mudr judr"
)
# Words that announce a name after them, across a colon or dash when they label a field:
# "Name: Ilse", "Emergency contact - Ines", "Dear Tomasz", "Thanks, Wren".
NAME_CUES = wordset(
    "name named called aka alias peer client participant attendee member resident caller "
    "contact sponsor guardian parent mother father mom dad wife husband partner girlfriend "
    "boyfriend son daughter brother sister friend roommate landlord boss employer dear thanks "
    "regards signed cc attn from by with to per"
)
# After an unknown word at a sentence start, what says it names someone: "Jansson - no
# show", "Stefaan (sponsor) called", "Rostislav, 45, came in". Not a colon: "Telehealth: yes"
# heads a field of the note.
_LABEL_AFTER = re.compile(r"\s*(?:\s-\s|\((?!s\))|,\s*\d)")
# For a name that is also a word ("Iris", "Will"), only an aside or an age after it: a colon
# or a dash after "Faith" or "Housing" starts a heading of the note.
_ASIDE_AFTER = re.compile(r"\s*(?:\((?!s\))|,\s*\d)")
# Words that follow a name at a sentence start ("Hope said"), telling a name from a word.
NAME_VERBS = wordset(
    "said says stated states reported reports shared shares told tells asked asks called calls "
    "texted texts came comes arrived arrives attended attends mentioned explained agreed "
    "declined denied admitted expressed identified discussed presented completed met was "
    "has had wants wanted feels felt thinks thought left and who's is will would can could "
    "did does went goes got gets lives works needs seems looks hopes plans"
)
# Finite verbs of everyday action: after an unknown word at a sentence start they make it
# the subject, a person ("Okonkwo brought the form", "Virtanen drives her"). Not for a name
# that is also a word: "Hope kept me going" is about hope.
ACTION_VERBS = wordset(
    "went took gave brought made told came saw found kept ran drove wrote sent spent paid "
    "bought sat stood began knew heard lost slept woke became broke chose fell forgot quit "
    "rode sold spoke taught threw understood wore won showed tried cried "
    "brings drives gives makes takes keeps runs walks helps stays uses loves likes prefers "
    "knows sees finds sends pays buys sits speaks teaches tries cries writes reads leads "
    "drinks smokes sleeps eats cooks cleans visits manages struggles "
    "should may might must isn't wasn't doesn't didn't won't can't hasn't hadn't wouldn't"
)
# Verbs whose subject is a person, in the past or third-person forms a modal cannot take
# ("Will quit" is a plan, so no "quit"): after a name that is also a word they make it the
# person ("Mike paid", "Crystal drove me"), where a verb of action alone would not ("Hope kept
# her going"). Not the verbs a thing or an idea also takes: "Art spoke to her", "Crystal sold
# for $40", "Faith brought her back".
PERSON_VERBS = wordset(
    "drove drives emailed phoned slept sleeps woke wakes ate eats sat sits stood wore wears "
    "rode rides sang swore bought buys paid pays wrote writes taught teaches forgot forgets "
    "cooks cleans smokes walks visits cries laughs smiles apologized relapsed showered"
)
# Verbs of speech and feeling: after a first name that is also a state or a country they make
# it a person, as the verbs above do ("Jordan said", "Georgia drove her"); "Virginia has" or
# "Georgia is" stay places.
SPEECH_VERBS = wordset(
    "said says told tells asked asks texted texts called calls stated states shared shares "
    "admitted explained mentioned agreed declined denied cried laughed wants wanted feels "
    "felt thinks thought reported reports"
)
# Words before a first name that is also a place that make it a person: kin and roles, and
# verbs taking a person ("met with Jordan", "her sponsor Georgia", "drove India home").
PERSON_BEFORE = wordset(
    "named called aka sponsor guardian mother father mom dad wife husband partner girlfriend "
    "boyfriend son daughter brother sister friend roommate cousin aunt uncle niece nephew "
    "grandma grandpa grandmother grandfather landlord boss coworker dear thanks with told "
    "asked texted drove helped hugged thanked"
)
# An adverb may stand between the name and its verb: "Hope also said", "Okonkwo never came".
_ADVERBS = wordset(
    "also just never then finally still already really recently always often usually later "
    "first again"
)
# A speaker's label before quoted words, as transcripts write it: 'Okonkwo: "I'm fine."'
_QUOTE_AFTER = re.compile(r":\s*[\"“]")
# Closed-class words and capitalized terms of notes that are never names on their own.
NOT_NAMES = wordset(
    """a an the and or but nor so yet for of in on at by to from with without into onto upon
    about above below over under after before during since until while as than that this these
    those there here then when where why how what which who whom whose if else not no yes all
    any each every some such both either neither one none own same other another more most
    less least very just only also even still again once i me my mine we us our you your he him
    i'm i'll i've i'd
    his she her hers it its they them their is are was were be been being am do does did done
    have has had would shall should can could might must ok okay hi hello thanks
    dear re per via vs etc mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday
    thursday friday saturday sunday january february march april june july august september
    october november december christmas easter thanksgiving halloween god lord jesus christ
    bible allah anonymous recovery medicaid medicare english spanish american peer staff group
    plan goal goals data assessment response intervention note notes session client supervisor
    specialist program team crisis smart aa na court probation parole hospital clinic
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming carolina
    dakota hampshire jersey mexico york rhode island west north south east new"""
)


def _is_candidate(token: Token) -> bool:
    return token.capitalized and len(token.base) > 1 and token.base not in NOT_NAMES


def _cue_before(tokens: list[Token], i: int, text: str) -> bool:
    """A word like `name`, `contact` or `dear` just before, across a colon, dash or comma."""
    if i == 0:
        return False
    prev = tokens[i - 1]
    gap = text[prev.end : tokens[i].start]
    return prev.base in NAME_CUES and len(gap) <= 4 and gap.strip(" :,-–") == ""


def _context_says_name(tokens: list[Token], i: int, text: str) -> bool:
    token = tokens[i]
    if token.text[-2:] in ("'s", "’s") or _cue_before(tokens, i, text):
        return True
    verb = _verb_after(tokens, i, text)
    if verb is not None and (
        verb.base in NAME_VERBS
        or verb.base in PERSON_VERBS
        or (len(verb.base) > 4 and verb.base.endswith("ed"))
    ):
        return True
    if _QUOTE_AFTER.match(text, token.name_end):
        return True
    return not token.sentence_start


def _verb_after(tokens: list[Token], i: int, text: str) -> Token | None:
    """The lowercase word right after token i, past one adverb ("Hope also said"): where a
    verb would stand if the word were its subject."""
    j = i + 1
    while j < len(tokens) and j <= i + 2:
        word = tokens[j]
        if text[tokens[j - 1].end : word.start].strip() or not word.text[0].islower():
            return None
        if word.base not in _ADVERBS:
            return word
        j += 1
    return None


def _inverted_or_signed(tokens: list[Token], i: int, text: str, lex: Lexicon) -> bool:
    """An unknown word that a record's name order or a sign-off makes a name: "Last, First"
    before a first name ("Okonkwo, Ada"), a verb of action after it, or the word alone as
    the last of the text ("... see you Tuesday. Okonkwo")."""
    verb = _verb_after(tokens, i, text)
    if verb is not None and verb.base in ACTION_VERBS:
        return True
    token = tokens[i]
    if i + 1 == len(tokens):
        return token.sentence_start and not text[token.end :].strip(" \t\n.!")
    nxt = tokens[i + 1]
    return (
        text[token.name_end : nxt.start] == ", "
        and nxt.capitalized
        and nxt.base in lex.first_names
        and nxt.base not in lex.common_words
    )


def is_unknown(token: Token, lex: Lexicon) -> bool:
    """A capitalized word of three letters or more that no dictionary, term list, name list or
    place list knows: in running text, most often a name ("Okonkwo", "Szymańska")."""
    base = token.base.replace("’", "'")
    if not token.capitalized or len(base) < 3 or base in NOT_NAMES or base in TITLES:
        return False
    if lex.is_name(base) or base in lex.places or base in lex.regions:
        return False
    return any(not lex.is_word(part) for part in base.split("-") if part)


def _unknown_is_name(tokens: list[Token], i: int, text: str, lex: Lexicon) -> bool:
    """Mid-sentence an unknown capitalized word is taken for a name; at a sentence start it
    needs the context a known name needs, or a name or unknown word joined after it."""
    if _context_says_name(tokens, i, text) or _LABEL_AFTER.match(text, tokens[i].name_end):
        return True
    if _inverted_or_signed(tokens, i, text, lex):
        return True
    nxt = i + 1
    return (
        nxt < len(tokens)
        and _joined(tokens, i, nxt, text)
        and (lex.is_name(tokens[nxt].base) or is_unknown(tokens[nxt], lex))
        and tokens[nxt].base not in lex.common_words
    )


def _lowercase_name(token: Token, lex: Lexicon) -> bool:
    """A first name (or a surname of five letters or more) written in lowercase ("talked to
    marisol", "saw jonsson") that is no word of any list: notes typed in a hurry drop
    capitals. A name that is also a town ("orlando") goes too: either way it identifies."""
    base = token.base
    return (
        token.text[0].islower()
        and len(base) > 3
        and (base in lex.first_names or (len(base) > 4 and base in lex.last_names))
        and base not in NOT_NAMES
        and not lex.is_word(base)
    )


def _upper(token: Token, lex: Lexicon) -> bool:
    """A word in capitals ("MARISOL QUINTERO SIGNED") that no dictionary or term list knows:
    forms and headings write names this way. Acronyms of notes are in the term list."""
    base = token.base
    return (
        len(base) > 2
        and token.text.isupper()
        and token.text.replace("-", "").replace("'", "").isalpha()
        and base not in NOT_NAMES
        and base not in TITLES
        and not any(lex.is_word(part) for part in base.split("-"))
        and base not in lex.regions
    )


def _lowercase_words(tokens: list[Token]) -> set[str]:
    return {t.base for t in tokens if t.text[0].islower()}


def _seeds(tokens: list[Token], text: str, lex: Lexicon) -> set[int]:
    """Indexes of tokens that are names on their own evidence."""
    found: set[int] = set()
    lowercase = _lowercase_words(tokens)
    for i, token in enumerate(tokens):
        if _lowercase_name(token, lex) or (_upper(token, lex) and lex.is_name(token.base)):
            found.add(i)
            continue
        if not _is_candidate(token):
            continue
        base = token.base
        if (
            base not in lowercase
            and is_unknown(token, lex)
            and _unknown_is_name(tokens, i, text, lex)
        ):
            found.add(i)
            continue
        prev = tokens[i - 1] if i else None
        after_title = (
            prev is not None
            and prev.base.rstrip(".") in TITLES
            and (not text[prev.end : token.start].strip(" ."))
        )
        if after_title or (
            lex.is_name(base)
            and (
                base not in lex.common_words
                or _context_says_name(tokens, i, text)
                or _ASIDE_AFTER.match(text, token.name_end)
            )
        ):
            found.add(i)
    return found


def _place_named(token: Token, lex: Lexicon) -> bool:
    """A capitalized first name that is also a state, a country or a town ("Jordan",
    "Georgia", "Dakota"): a place unless its context says person."""
    base = token.base
    return (
        token.capitalized
        and base in lex.first_names
        and (base in lex.regions or base in lex.places)
        and base not in lex.common_words
    )


def _place_named_persons(tokens: list[Token], text: str, lex: Lexicon) -> set[int]:
    """Indexes of first names that are also places and that a verb of speech or of a person
    after, or a title or a person word before, makes people ("Jordan said", "her sister
    Georgia")."""
    found: set[int] = set()
    for i, token in enumerate(tokens):
        if not _place_named(token, lex):
            continue
        verb = _verb_after(tokens, i, text)
        prev = tokens[i - 1] if i else None
        before = prev is not None and not text[prev.end : token.start].strip(" .,:")
        if (verb is not None and (verb.base in SPEECH_VERBS or verb.base in PERSON_VERBS)) or (
            before
            and prev is not None
            and (prev.base.rstrip(".") in TITLES or prev.base in PERSON_BEFORE)
        ):
            found.add(i)
    return found


def _joined(tokens: list[Token], a: int, b: int, text: str) -> bool:
    """Tokens a and b (a < b) stand side by side, separated by a space or an initial's dot."""
    gap = text[tokens[a].end : tokens[b].start]
    return (
        b == a + 1
        and not tokens[b].sentence_start
        and gap.strip(" .") == ""
        and "\n" not in gap
        and len(gap) <= 3
    )


def _grow(tokens: list[Token], found: set[int], text: str, lex: Lexicon) -> set[int]:
    """Add capitalized neighbours of names: unknown surnames, middle names, initials."""
    grown = set(found)
    changed = True
    while changed:
        changed = False
        for i in sorted(grown):
            for j in (i - 1, i + 1):
                if j in grown or not 0 <= j < len(tokens):
                    continue
                if not _joined(tokens, min(i, j), max(i, j), text):
                    continue
                other = tokens[j]
                if j == i + 1 and _lowercase_surname(tokens[i], other, lex):
                    grown.add(j)
                    changed = True
                    continue
                initial = len(other.text) == 1 and other.text.isupper()
                if _upper(tokens[i], lex) and _upper(other, lex):
                    grown.add(j)  # "JAN WIESER": capitals join capitals no list knows
                    changed = True
                    continue
                if other.base in TITLES or not (_is_candidate(other) or initial):
                    continue
                if j == i + 1 and other.sentence_start:
                    continue
                if not initial and other.base in lex.common_words and not lex.is_name(other.base):
                    continue
                grown.add(j)
                changed = True
    return grown


def _lowercase_surname(name: Token, other: Token, lex: Lexicon) -> bool:
    """A lowercase surname after a lowercase first name ("jose ramirez")."""
    return (
        name.text[0].islower()
        and other.text[0].islower()
        and other.base in lex.last_names
        and not lex.is_word(other.base)
        and other.base not in NOT_NAMES
    )


def find_names(
    text: str, lex: Lexicon | None = None, tokens: list[Token] | None = None
) -> Iterator[Span]:
    """Names the text itself gives away, whether or not the record knows them. `tokens`, when
    given, are `tokenize(text)` already done."""
    lex = lex or lexicon()
    tokens = tokenize(text) if tokens is None else tokens
    people = _place_named_persons(tokens, text, lex)
    found = _grow(tokens, _seeds(tokens, text, lex) | people, text, lex)
    known = {tokens[i].base for i in found}
    persons = {tokens[i].base for i in people}
    for i, token in enumerate(tokens):
        if i not in found and token.capitalized and token.base in known:
            found.add(i)
    for run in _runs(sorted(found), tokens, text):
        bases = [tokens[i].base for i in run]
        if " ".join(bases) in lex.regions and not persons.issuperset(bases):
            continue  # "El Salvador", "San Marino": a country, not a person
        yield Span(tokens[run[0]].start, tokens[run[-1]].name_end, PhiLabel.NAME, GUESS)


def _runs(indexes: list[int], tokens: list[Token], text: str) -> Iterator[list[int]]:
    run: list[int] = []
    for i in indexes:
        possessive = tokens[run[-1]].name_end != tokens[run[-1]].end if run else False
        if run and not possessive and _joined(tokens, run[-1], i, text):
            run.append(i)
            continue
        if run:
            yield run
        run = [i]
    if run:
        yield run
