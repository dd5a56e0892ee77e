"""The categories a content note may belong to, with their Korean names and their words.

A small closed vocabulary, so that one word to avoid (suicide) reaches every note of its kind:
a term reaches a category when it starts a word of the category's name in English or Korean
(suic, self harm, 자살), or when it is one of the category's WORDS, whole, in any ordinary form
of its words (suicidal, suicides, self-harming: see tearlist.stemming).
"""

from __future__ import annotations

from enum import Enum

from tearlist.stemming import roots, stems
from tearlist.textmatch import Matcher, closest, name_key, parts


class Category(Enum):
    """What a content note is about."""

    SUICIDE = "suicide and self-harm"
    SEXUAL_VIOLENCE = "sexual violence"
    VIOLENCE = "violence and gore"
    DEATH = "death and grief"
    ILLNESS = "illness and disability"
    DEMENTIA = "dementia and memory loss"
    ABUSE = "abuse"
    EXPLOITATION = "exploitation"
    PREJUDICE = "prejudice"
    INFIDELITY = "infidelity"
    INJUSTICE = "prison and injustice"
    HORROR = "horror"

    @property
    def korean(self) -> str:
        """The category's name in Korean."""
        return KOREAN[self]


KOREAN: dict[Category, str] = {
    Category.SUICIDE: "자살과 자해",
    Category.SEXUAL_VIOLENCE: "성폭력",
    Category.VIOLENCE: "폭력과 유혈",
    Category.DEATH: "죽음과 슬픔",
    Category.ILLNESS: "질병과 장애",
    Category.DEMENTIA: "치매와 기억 상실",
    Category.ABUSE: "학대",
    Category.EXPLOITATION: "착취",
    Category.PREJUDICE: "편견과 차별",
    Category.INFIDELITY: "불륜",
    Category.INJUSTICE: "수감과 부당한 처벌",
    Category.HORROR: "공포",
}
CATEGORIES: dict[str, Category] = {category.value: category for category in Category}


# The words that reach each category besides its name, as a person might type them to avoid
# it: each stands for its ordinary forms (suicide for suicides; rape for raped, raping).
WORDS: dict[Category, tuple[str, ...]] = {
    Category.SUICIDE: (
        "suicide", "suicidal", "self-harm", "self-injury", "self-mutilation", "kill oneself",
        "kill himself", "kill herself", "kill themselves", "kill myself", "overdose", "자해",
    ),
    Category.SEXUAL_VIOLENCE: (
        "rape", "rapist", "sexual assault", "sexual abuse", "sexual violence", "molest",
        "molestation", "incest", "sexual harassment", "강간", "성폭행", "성추행",
    ),
    Category.VIOLENCE: (
        "violence", "violent", "gore", "gory", "blood", "bloody", "murder", "kill", "stab",
        "shoot", "gun", "torture", "assault", "attack", "brutal", "war", "폭력", "살인",
    ),
    Category.DEATH: (
        "death", "die", "dying", "dead", "grief", "grieve", "mourn", "bereavement", "loss",
        "funeral", "죽음", "사망", "슬픔",
    ),
    Category.ILLNESS: (
        "illness", "ill", "sick", "disease", "cancer", "disability", "disabled", "hospital",
        "hospice", "terminal illness", "surgery", "injury", "autism", "autistic", "질병", "장애",
    ),
    Category.DEMENTIA: (
        "dementia", "alzheimer", "alzheimer's", "memory loss", "amnesia", "치매", "기억 상실",
    ),
    Category.ABUSE: (
        "abuse", "abusive", "abuser", "domestic violence", "child abuse", "neglect", "bully",
        "abandon", "학대",
    ),
    Category.EXPLOITATION: (
        "exploit", "exploitation", "trafficking", "forced labour", "forced labor", "slavery",
        "sex work", "prostitution", "착취",
    ),
    Category.PREJUDICE: (
        "prejudice", "discrimination", "racism", "racist", "sexism", "homophobia", "bigotry",
        "stigma", "편견", "차별",
    ),
    Category.INFIDELITY: ("infidelity", "affair", "adultery", "cheating", "unfaithful", "불륜"),
    Category.INJUSTICE: (
        "prison", "jail", "imprisonment", "injustice", "wrongful conviction", "false accusation",
        "forced confession", "death row", "execution", "수감", "감옥", "누명",
    ),
    Category.HORROR: ("horror", "zombie", "ghost", "haunting", "monster", "jump scare", "공포"),
}  # fmt: skip


class Words:
    """The words of a term, to find in a text in any ordinary form: stems in a row."""

    # A prepared query, like textmatch.Matcher: a plain class, quick to define at every start.
    __slots__ = ("roots", "stems")

    def __init__(self, term: str) -> None:
        self.stems = stems(parts(term))
        self.roots = roots(self.stems[0]) if self.stems else ()

    def said_in(self, text: str) -> bool:
        """Whether the text says these words, in any form: suicides in "suicide attempts"."""
        if not self.stems or not any(root in name_key(text) for root in self.roots):
            return False  # a cheap test that rules out most texts before stemming them
        said = stems(parts(text))
        size = len(self.stems)
        return any(said[at : at + size] == self.stems for at in range(len(said) - size + 1))


def _entries(category: Category) -> tuple[str, ...]:
    """Every name and word of a category."""
    return (category.value, category.korean, *WORDS[category])


def reached(term: str) -> frozenset[Category]:
    """The categories a term to avoid reaches: by the start of a word of a category's name, or
    as one of its words in any form. A word is reached whole, so that "death" does not reach
    "death row" (prison and injustice), nor "kill" "kill oneself"."""
    matcher = Matcher(term)
    wanted = stems(parts(term))
    return frozenset(
        category
        for category in Category
        if matcher.first((category.value, category.korean))
        or any(stems(parts(entry)) == wanted for entry in _entries(category))
    )


def suggestions(term: str) -> list[str]:
    """The words and names of categories spelled most like a term: "suicidal" for "suicdal"."""
    every = (entry for category in Category for entry in _entries(category))
    return closest(term, every, limit=3)


def nearest(text: str) -> str | None:
    """The category a misspelt or shortened name most likely means, if any is close."""
    matcher = Matcher(text)
    started = [name for name in CATEGORIES if matcher and matcher.matches(name)]
    near = started or closest(text, CATEGORIES, limit=1)
    return near[0] if near else None
