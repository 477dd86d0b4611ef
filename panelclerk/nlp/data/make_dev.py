"""Writes the development split (cases_dev.jsonl, recommendations_dev.jsonl) from phrase
banks with a fixed seed. Rules were written and tuned against this split only; the held-out
split (cases_heldout.jsonl, recommendations_heldout.jsonl) is written by hand in other words
and never used for rules. Hand-written development cases ("source": "hand") are kept.
Run: python -m panelclerk.nlp.data.make_dev"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
# A fixed seed for reproducible data, not for security.
rng = random.Random(20261122)  # noqa: S311  # nosec B311

AGES = [
    "A 14-year-old",
    "A baby",
    "A 3 year old",
    "A sixteen-year-old",
    "A child aged 9",
    "A 17 year old",
    "An infant",
    "A 12-year-old girl",
    "A boy aged 7",
    "A young person",
]
AGE_VALUES = [14, 0, 3, 16, 9, 17, 0, 12, 7, None]

BANK: dict[str, Any] = {
    "died": {
        "true": [
            "died at home",
            "was found dead",
            "died in hospital",
            "has died",
            "was pronounced dead in A&E",
            "died following a house fire",
        ],
        "false": ["did not die", "survived"],
    },
    "suicide": ["took their own life", "died by suicide", "is believed to have taken his own life"],
    "harmed": {
        "true": [
            "was admitted to PICU with a skull fracture",
            "suffered a serious head injury",
            "has life-threatening injuries",
            "sustained multiple fractures",
            "suffered a brain injury",
            "was seriously injured",
            "took an overdose and is in intensive care",
            "suffered severe burns",
        ],
        "false": [
            "has no serious injuries",
            "was not seriously harmed",
            "had only minor bruising and no serious harm",
        ],
    },
    "abuse": {
        "true": [
            "Non-accidental injury is suspected",
            "Neglect is known",
            "Physical abuse is suspected",
            "There are concerns the child was neglected",
            "The child may have been neglected",
            "Sexual abuse is alleged",
            "Injuries are thought to have been inflicted by a carer",
            "The child was abused by a family member",
            "Possible neglect of the child",
        ],
        "false": [
            "No abuse or neglect is suspected",
            "Abuse has been ruled out",
            "There is no evidence of abuse or neglect",
            "Neglect was not suspected by anyone involved",
        ],
    },
    "concern": {
        "true": [
            "School and GP did not share information",
            "There were missed opportunities to share concerns",
            "Police did not refer to children's social care",
            "Health and social care failed to share information",
            "There are concerns about how agencies worked together",
        ],
        "false": [
            "There are no concerns about how agencies worked together",
            "No concerns about inter-agency working have been raised",
        ],
    },
    "evidence": [
        "An audit found agencies worked well together",
        "There is definitive evidence that all agencies acted appropriately",
    ],
    "custody": [
        "in a secure children's home",
        "in police custody",
        "while on remand",
        "in a Young Offender Institution",
        "in a secure training centre",
    ],
    "mha": ["while detained under the Mental Health Act", "after being sectioned"],
    "dol": ["while subject to a deprivation of liberty order"],
}

TYPOS = {
    "neglected": "neglcted",
    "injuries": "injures",
    "suspected": "suspectd",
    "abuse": "abuze",
    "information": "infromation",
}


def typo(text: str) -> str:
    for right, wrong in TYPOS.items():
        if right in text and rng.random() < 0.5:
            return text.replace(right, wrong, 1)
    return text


def case() -> dict[str, Any]:
    i = rng.randrange(len(AGES))
    subject, age = AGES[i], AGE_VALUES[i]
    facts: dict[str, str] = {}
    parts: list[str] = []
    route = rng.choice(["died", "suicide", "harmed", "harmed", "custody", "mha", "dol", "minor"])
    if route == "died":
        parts.append(f"{subject} {rng.choice(BANK['died']['true'])}.")
        facts["died"] = "true"
    elif route == "suicide":
        parts.append(f"{subject} {rng.choice(BANK['suicide'])}.")
        facts["died"] = facts["suicide_suspected"] = "true"
    elif route == "harmed":
        parts.append(f"{subject} {rng.choice(BANK['harmed']['true'])}.")
        facts["seriously_harmed"] = "true"
    elif route in ("custody", "mha", "dol"):
        if route == "dol":
            subject, age = rng.choice([("A 16-year-old", 16), ("A 17 year old", 17)])
        parts.append(f"{subject} died {rng.choice(BANK[route])}.")
        facts["died"] = "true"
        facts[
            {
                "custody": "died_in_custody",
                "mha": "mental_health_act_detention",
                "dol": "deprivation_of_liberty_16_17",
            }[route]
        ] = "true"
    else:
        parts.append(f"{subject} {rng.choice(BANK['harmed']['false'])}.")
        facts["seriously_harmed"] = "false"
    abuse = rng.choice(["true", "true", "false", None])
    if abuse:
        parts.append(rng.choice(BANK["abuse"][abuse]) + ".")
        facts["abuse_or_neglect"] = abuse
    concern = rng.choice(["true", "false", "evidence", None])
    if concern == "evidence":
        parts.append(rng.choice(BANK["evidence"]) + ".")
        facts["no_interagency_concern_evidence"] = "true"
        facts["interagency_concern"] = "false"
    elif concern:
        parts.append(rng.choice(BANK["concern"][concern]) + ".")
        facts["interagency_concern"] = concern
    rng.shuffle(parts[1:]) if len(parts) > 2 else None
    text = " ".join(parts)
    text = typo(text) if rng.random() < 0.25 else text
    return {"text": text, "facts": facts, "age": age}


RECS = {
    "scr": [
        "We recommend a Serious Case Review.",
        "In our view the criteria are met: SCR.",
        "Police support initiating an SCR.",
        "Health recommends a full review (SCR).",
        "This meets the threshold for a serious case review.",
    ],
    "no_review": [
        "No further action.",
        "This does not meet the threshold; no review.",
        "We don't think an SCR is needed and nothing further is required.",
        "NFA from education.",
        "Threshold not met, no review needed.",
    ],
    "single_agency_management_review": [
        "A single agency management review by health.",
        "Single agency review for police.",
        "Not an SCR, but a management review within children's social care.",
    ],
    "multi_agency_review": [
        "A multi-agency review would capture the learning.",
        "We suggest a multi-agency partnership review.",
        "Below threshold: multi-agency review recommended.",
    ],
    "theme_based_case_audit": [
        "A thematic audit of similar cases.",
        "We'd recommend a multi-agency case audit (deep dive).",
    ],
    "literature_review": [
        "A literature review on neglect in adolescence.",
        "Research review rather than an SCR.",
    ],
    "local_practice_group": [
        "Take this to a local practice group.",
        "A local practice group session would help.",
    ],
    "peer_review": [
        "Peer review between the two agencies.",
        "Mentoring and peer review across local agencies.",
    ],
    "more_information": [
        "We need more information from the school before deciding.",
        "Can we defer until the chronology is in?",
        "Insufficient information to recommend anything yet.",
        "Awaiting the police update; unable to recommend today.",
    ],
}


def _write(path: Path, generated: list[dict[str, Any]]) -> None:
    """The generated items, then the hand-written ones already in the file ("source":
    "hand"), which are kept."""
    written = [
        line
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and json.loads(line).get("source") == "hand"
    ]
    with path.open("w") as out:
        for item in generated:
            out.write(json.dumps(item) + "\n")
        for line in written:
            out.write(line + "\n")


def main() -> None:
    cases = [dict(case(), split="dev") for _ in range(150)]
    _write(HERE / "cases_dev.jsonl", cases)
    recs = []
    for label, texts in RECS.items():
        for text in texts:
            recs.append({"text": text, "label": label, "split": "dev"})
            recs.append(
                {"text": f"From our agency: {text.lower()}", "label": label, "split": "dev"}
            )
            recs.append({"text": typo(text), "label": label, "split": "dev"})
    _write(HERE / "recommendations_dev.jsonl", recs)
    print(f"{len(cases)} cases, {len(recs)} recommendations")


if __name__ == "__main__":
    main()
