"""The categories a content note may belong to, with their Korean names.

A small closed vocabulary, so that one word to avoid (suicide) reaches every note of its kind.
"""

from __future__ import annotations

from enum import Enum

from tearlist.textmatch import Matcher, closest


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


def nearest(text: str) -> str | None:
    """The category a misspelt or shortened name most likely means, if any is close."""
    matcher = Matcher(text)
    started = [name for name in CATEGORIES if matcher and matcher.matches(name)]
    near = started or closest(text, CATEGORIES, limit=1)
    return near[0] if near else None
