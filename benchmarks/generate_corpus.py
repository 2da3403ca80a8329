#!/usr/bin/env python3
"""Generate a synthetic content repository of health-clinic web pages.

The corpus is what cliniclint is benchmarked on: Markdown with YAML front matter,
some MDX, some HTML and some plain text, spread over nested folders. Pages range
from clean patient education through hedged copy ("may help", "is being studied")
to claim-heavy selling pages (cures, FDA-approved, "no risk of rejection",
testimonials, prices, calls to book a consultation).

The output is fully determined by ``--seed`` and ``--size``: the same arguments
always give byte-identical files. Only the standard library is used and nothing
is read from the network.

    python benchmarks/generate_corpus.py --size 10MB OUT_DIR
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Bump when the output for a given (seed, size) changes; run.py keys its corpus
# cache on it.
GENERATOR_VERSION = "1"
DEFAULT_SEED = 20240611

MIN_PAGE = 2 * 1024
MAX_PAGE = 30 * 1024
SIZE_TOLERANCE = 0.02

NBSP = "\u00a0"
EM = "\u2014"
EN = "\u2013"
LQ, RQ = "\u201c", "\u201d"
APOS = "\u2019"

_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|KIB|MB|MIB|GB|GIB)?\s*$", re.I)
_UNITS = {
    "B": 1,
    "KB": 1024,
    "KIB": 1024,
    "MB": 1024 * 1024,
    "MIB": 1024 * 1024,
    "GB": 1024**3,
    "GIB": 1024**3,
}


def parse_size(text: str) -> int:
    """Parse '1MB', '10MB', '512KB'... into bytes (binary units: 1MB = 2**20)."""
    m = _SIZE_RE.match(text)
    if not m:
        raise ValueError(f"not a size: {text!r} (expected e.g. 1MB, 10MB, 100MB)")
    value = float(m.group(1))
    unit = (m.group(2) or "B").upper()
    return int(value * _UNITS[unit])


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Treatment:
    name: str  # "stem cell therapy"
    short: str  # "stem cells"
    slug: str
    how: str  # one-clause description


@dataclass(frozen=True)
class Condition:
    name: str
    slug: str
    area: str  # body area / system
    symptoms: tuple[str, ...]
    standard: str  # standard care


TREATMENTS: tuple[Treatment, ...] = (
    Treatment(
        "stem cell therapy",
        "stem cells",
        "stem-cell-therapy",
        "uses cells harvested from bone marrow or fat tissue",
    ),
    Treatment(
        "umbilical cord stem cell therapy",
        "umbilical cord MSCs",
        "umbilical-cord-msc",
        "uses mesenchymal cells processed from donated umbilical cord tissue",
    ),
    Treatment(
        "exosome therapy",
        "exosomes",
        "exosome-therapy",
        "uses tiny vesicles isolated from cultured cells",
    ),
    Treatment(
        "PRP therapy",
        "platelet-rich plasma",
        "prp",
        "concentrates platelets from a sample of your own blood",
    ),
    Treatment(
        "IV drip therapy",
        "IV vitamin drips",
        "iv-drip",
        "delivers fluids, vitamins and minerals directly into a vein",
    ),
    Treatment(
        "NAD+ infusion",
        "NAD+",
        "nad-plus",
        "delivers nicotinamide adenine dinucleotide through an IV line",
    ),
    Treatment(
        "peptide therapy",
        "peptides",
        "peptide-therapy",
        "uses short chains of amino acids such as BPC-157 or thymosin beta-4",
    ),
    Treatment(
        "amniotic fluid injections",
        "amniotic allograft",
        "amniotic-injections",
        "uses processed amniotic tissue from screened donors",
    ),
    Treatment(
        "hyperbaric oxygen therapy",
        "hyperbaric oxygen",
        "hyperbaric-oxygen",
        "has you breathe pure oxygen in a pressurized chamber",
    ),
    Treatment(
        "ozone therapy",
        "ozone",
        "ozone-therapy",
        "mixes medical ozone with a small amount of your blood",
    ),
    Treatment(
        "ketamine infusion therapy",
        "ketamine infusions",
        "ketamine-infusions",
        "gives low doses of ketamine through an IV over about forty minutes",
    ),
    Treatment(
        "prolotherapy",
        "prolotherapy injections",
        "prolotherapy",
        "injects a mild irritant solution near a damaged ligament or tendon",
    ),
    Treatment(
        "red light therapy",
        "red light",
        "red-light-therapy",
        "exposes the skin to low-level red and near-infrared light",
    ),
    Treatment(
        "compounded semaglutide",
        "semaglutide injections",
        "semaglutide",
        "is a weekly injection prepared by a compounding pharmacy",
    ),
)

CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "knee arthritis",
        "knee-arthritis",
        "joints",
        ("knee pain", "stiffness in the morning", "swelling", "a grinding feeling"),
        "weight management, physical therapy, pain relievers and, later, surgery",
    ),
    Condition(
        "migraines",
        "migraines",
        "nervous system",
        ("throbbing headaches", "nausea", "sensitivity to light", "visual aura"),
        "trigger management, acute medicines and preventive medicines",
    ),
    Condition(
        "COPD",
        "copd",
        "lungs",
        ("shortness of breath", "a chronic cough", "wheezing", "frequent chest colds"),
        "stopping smoking, inhalers, pulmonary rehabilitation and oxygen",
    ),
    Condition(
        "autism",
        "autism",
        "way the brain develops",
        (
            "differences in social communication",
            "repetitive behaviors",
            "sensory sensitivities",
            "delayed speech",
        ),
        "behavioral therapy, speech therapy and educational support",
    ),
    Condition(
        "multiple sclerosis",
        "multiple-sclerosis",
        "nervous system",
        ("fatigue", "numbness", "problems with balance", "blurred vision"),
        "disease-modifying medicines prescribed by a neurologist",
    ),
    Condition(
        "Parkinson's disease",
        "parkinsons",
        "nervous system",
        ("tremor", "slowed movement", "rigid muscles", "changes in speech"),
        "medicines such as levodopa, therapy and, for some, deep brain stimulation",
    ),
    Condition(
        "chronic back pain",
        "back-pain",
        "spine",
        ("aching in the lower back", "stiffness", "pain that radiates to the legs"),
        "exercise, physical therapy and, when needed, injections or surgery",
    ),
    Condition(
        "rotator cuff tears",
        "rotator-cuff",
        "shoulder",
        ("a dull ache in the shoulder", "weakness lifting the arm", "night pain"),
        "rest, physical therapy and, for larger tears, surgical repair",
    ),
    Condition(
        "erectile dysfunction",
        "erectile-dysfunction",
        "male reproductive system",
        ("trouble getting an erection", "reduced desire", "performance anxiety"),
        "lifestyle changes and FDA-approved oral medicines",
    ),
    Condition(
        "long COVID",
        "long-covid",
        "whole body",
        ("fatigue", "brain fog", "shortness of breath", "a racing heart"),
        "symptom management and gradual rehabilitation",
    ),
    Condition(
        "peripheral neuropathy",
        "neuropathy",
        "nerves",
        ("tingling in the feet", "burning pain", "numbness", "poor balance"),
        "blood sugar control, medicines for nerve pain and foot care",
    ),
    Condition(
        "hair loss",
        "hair-loss",
        "hair follicles",
        ("thinning hair", "a receding hairline", "bald patches"),
        "topical minoxidil, oral medicines and hair transplant surgery",
    ),
    Condition(
        "lupus",
        "lupus",
        "immune system",
        ("joint pain", "a butterfly-shaped rash", "fatigue", "fevers"),
        "hydroxychloroquine, steroids and other immune medicines",
    ),
    Condition(
        "Crohn's disease",
        "crohns",
        "digestive tract",
        ("abdominal pain", "diarrhea", "weight loss", "fatigue"),
        "anti-inflammatory medicines, biologics and sometimes surgery",
    ),
    Condition(
        "type 2 diabetes",
        "type-2-diabetes",
        "metabolism",
        ("increased thirst", "frequent urination", "blurred vision", "slow healing"),
        "diet, exercise, metformin and other glucose-lowering medicines",
    ),
    Condition(
        "heart failure",
        "heart-failure",
        "heart",
        ("shortness of breath", "swollen ankles", "fatigue", "rapid weight gain"),
        "medicines, salt restriction and cardiac rehabilitation",
    ),
    Condition(
        "fibromyalgia",
        "fibromyalgia",
        "whole body",
        ("widespread pain", "poor sleep", "fatigue", "trouble concentrating"),
        "exercise, sleep care, and medicines such as duloxetine",
    ),
    Condition(
        "plantar fasciitis",
        "plantar-fasciitis",
        "foot",
        ("heel pain with the first steps", "pain after standing", "tight calves"),
        "stretching, supportive shoes, night splints and rest",
    ),
    Condition(
        "tinnitus",
        "tinnitus",
        "ears",
        ("ringing in the ears", "buzzing", "trouble sleeping", "poor concentration"),
        "hearing aids, sound therapy and cognitive behavioral therapy",
    ),
    Condition(
        "ALS",
        "als",
        "nervous system",
        ("muscle weakness", "twitching", "slurred speech", "trouble swallowing"),
        "riluzole, edaravone, breathing support and multidisciplinary care",
    ),
)

CLINICS: tuple[str, ...] = (
    "Renew Regenerative Institute",
    "Summit Stem Cell Center",
    "BioVita Wellness",
    "Pacific Cellular Medicine",
    "Lone Star Regenerative Clinic",
    "Harbor Health & Infusion",
    "Evergreen Longevity Clinic",
    "Northside IV Lounge",
)
CITIES: tuple[str, ...] = (
    "Miami",
    "Tampa",
    "Scottsdale",
    "Austin",
    "Dallas",
    "San Diego",
    "Las Vegas",
    "Denver",
    "Nashville",
    "Charlotte",
    "Portland",
    "Boise",
    "Orlando",
    "Phoenix",
)
DOCTORS: tuple[str, ...] = (
    "Dr. Karen Ortiz",
    "Dr. Samuel Lee",
    "Dr. Priya Raman",
    "Dr. Michael Brennan",
    "Dr. Aisha Coleman",
    "Dr. Tomás Herrera",
    "Dr. Rachel Goldberg",
    "Dr. Jun Watanabe",
)
FIRST_NAMES: tuple[str, ...] = (
    "Maria",
    "James",
    "Linda",
    "Robert",
    "Patricia",
    "David",
    "Jennifer",
    "Carlos",
    "Susan",
    "Kevin",
    "Nancy",
    "Ahmed",
    "Grace",
    "Walter",
)
CREDENTIALS: tuple[str, ...] = (
    "board-certified in physical medicine and rehabilitation",
    "a family physician with twenty years of practice",
    "a sports medicine specialist",
    "a nurse practitioner trained in infusion therapy",
    "an anesthesiologist with a focus on pain management",
)
DURATIONS: tuple[str, ...] = (
    "30 minutes",
    "45 minutes",
    "an hour",
    "90 minutes",
    "two hours",
)
PRICES: tuple[str, ...] = (
    "$149",
    "$299",
    "$450",
    "$895",
    "$1,500",
    "$2,950",
    "$4,995",
    "$7,500",
)
TAG_POOL: tuple[str, ...] = (
    "regenerative medicine",
    "wellness",
    "pain management",
    "anti-aging",
    "sports injuries",
    "IV therapy",
    "patient education",
    "longevity",
    "orthopedics",
    "neurology",
)
EMOJI: tuple[str, ...] = (
    "\u2728",
    "\U0001f489",
    "\U0001f64c",
    "\u2764\ufe0f",
    "\U0001f31f",
)
CJK_NOTES: tuple[str, ...] = (
    "我们提供中文咨询服务\uff0c欢迎来电预约。",
    "日本語での相談も承っております。",
    "한국어 상담도 가능합니다.",
)

# --------------------------------------------------------------------------
# Sentence templates. Slots: {t} treatment, {ts} treatment short, {th}
# treatment how, {c} condition, {a} area, {s1} {s2} {s3} symptoms, {std}
# standard care, {clinic}, {city}, {doc}, {cred}, {dur}, {price}, {name},
# {n} small number, {pct} percentage, {year}.
# --------------------------------------------------------------------------

EDU: tuple[str, ...] = (
    "{C} is a common condition that affects the {a}.",
    "Common symptoms of {c} include {s1}, {s2} and {s3}.",
    "Not everyone with {c} has the same symptoms, and they can change over time.",
    "Standard care for {c} usually includes {std}.",
    "Your primary care physician can help you weigh the options for {c}.",
    "{T} {th}.",
    "A visit usually lasts about {dur}, including time for questions.",
    "Before any procedure, we review your medical history and current medicines.",
    "Bring a list of your medicines, including vitamins and supplements.",
    "Tell us if you are pregnant, take blood thinners or have a bleeding disorder.",
    "Mild soreness, bruising or swelling at the injection site is common.",
    "Ask your doctor about the risks, benefits and costs of any treatment.",
    "Keeping a symptom diary can help you and your doctor spot patterns.",
    "Regular, gentle exercise helps many people with {c} stay active.",
    "If your symptoms get suddenly worse, call your doctor or seek urgent care.",
    "Insurance rarely covers {t}, so ask for a written estimate first.",
    "{Doc} is {cred} and sees patients at our {city} office.",
    "Our staff will explain each step and answer your questions.",
    "Please arrive fifteen minutes early to complete your paperwork.",
    "Wear loose, comfortable clothing on the day of your appointment.",
    "You can read more about {c} on the websites of national patient groups.",
    "Follow-up visits are usually scheduled {n} to {n2} weeks apart.",
)

HEDGED: tuple[str, ...] = (
    "{T} may help some people with {c}, but more research is needed.",
    "{T} is being studied in clinical trials for {c}.",
    "Early studies of {ts} for {c} are small and the results are preliminary.",
    "{T} is not approved by the FDA for the treatment of {c}.",
    "Results vary from person to person, and some patients notice no change.",
    "Some patients report less {s1} after treatment, though this is not proven.",
    "Researchers are still learning how {ts} behave in the body.",
    "There is not yet enough evidence to say that {t} works for {c}.",
    "We offer {t} as an elective option alongside, not instead of, standard care.",
    "Talk with your specialist before stopping any medicine you take for {c}.",
    "Possible risks include infection, bleeding, pain and an allergic reaction.",
    "A small pilot study of {n} patients suggested a possible benefit.",
    "Larger, controlled studies are needed to confirm these early findings.",
    "{T} might support recovery in some cases, and it may not help at all in others.",
    "Like any procedure, {t} carries risks, which we discuss with you in advance.",
    "The long-term effects of {ts} are not yet known.",
)

CLAIMS: tuple[str, ...] = (
    "{T} cures {c} in as little as one session.",
    "Our {ts} can reverse {c} without surgery or medication.",
    "Our FDA-approved {ts} repair damaged tissue naturally.",
    "{T} is clinically proven to heal {c}.",
    "{T} is 100% safe and has no side effects.",
    "Say goodbye to {s1} forever.",
    "Stop living with {c}{em}{ts} can give you your life back.",
    "{T} is a breakthrough treatment that helps your body heal itself.",
    "Studies show a {pct}% success rate for {c}.",
    "Guaranteed results or your money back.",
    "Why risk surgery when {ts} offer a safe, natural alternative?",
    "{T} works when nothing else does.",
    "Our patients avoid {avoid} with {ts}.",
    "{T} is a miracle cure for {c}.",
    "This cutting-edge therapy is the fountain of youth you have been waiting for.",
    "Limited time offer: book this month and save {price}.",
    "Only a few spots left{em}book a consultation today!",
    "Book a consultation now and start healing in {dur}.",
    "Our {ts} are FDA-approved and completely safe.",
    "{T} eliminates {s1} and restores normal function.",
    "Better than surgery, with no downtime and no risk.",
    "Results are permanent, and most patients are pain-free in days.",
    "Thousands of patients have been cured of {c} at {clinic}.",
    "{T} boosts your immune system and fights {c} at the source.",
    "Doctors don{apos}t want you to know that {c} can be cured.",
    "Stop taking medication for {c}{em}{ts} heal the root cause.",
    "Ask about our package price: {price} for a full protocol.",
    "Financing available{em}call {phone} to book a free consultation.",
    "{T} is the only treatment that treats the root cause of {c}.",
)

# Claims that only make sense for one kind of treatment.
SPECIFIC_CLAIMS: dict[str, tuple[str, ...]] = {
    "stem-cell-therapy": (
        "Because the cells come from your own body, there is no risk of rejection.",
        "Our FDA-approved stem cells regrow cartilage and repair damaged nerves.",
        "Stem cells seek out damaged tissue and repair it naturally.",
    ),
    "umbilical-cord-msc": (
        "Umbilical cord cells are immune-privileged, so there is no risk of rejection.",
        "Each vial contains over 100 million live, FDA-approved stem cells.",
    ),
    "exosome-therapy": (
        "Exosomes carry healing signals that repair damaged cells.",
        "Our exosomes are FDA-approved and lab-tested for purity.",
    ),
    "prp": (
        "PRP uses your own blood, so there is zero risk of side effects.",
        "PRP regrows hair in just three sessions.",
    ),
    "iv-drip": (
        "Our Myers{apos} cocktail boosts immunity and cures fatigue fast.",
        "IV drips detox your body and flush out toxins in under an hour.",
    ),
    "nad-plus": (
        "Our NAD+ drips reverse aging at the cellular level.",
        "NAD+ repairs your DNA and restores youthful energy.",
    ),
    "peptide-therapy": (
        "BPC-157 heals tendons, ligaments and the gut with no side effects.",
        "Our peptides are pharmaceutical grade and 100% safe.",
    ),
    "amniotic-injections": (
        "Amniotic tissue contains stem cells that regenerate damaged joints.",
        "Amniotic injections are FDA-registered and completely safe.",
    ),
    "hyperbaric-oxygen": (
        "Hyperbaric oxygen reverses brain damage and heals wounds twice as fast.",
    ),
    "ozone-therapy": ("Ozone kills viruses, bacteria and cancer cells on contact.",),
    "ketamine-infusions": (
        "Ketamine cures depression in a single infusion.",
        "Ketamine works in hours when antidepressants have failed.",
    ),
    "prolotherapy": ("Prolotherapy permanently repairs loose ligaments.",),
    "red-light-therapy": ("Red light therapy melts fat and reverses wrinkles.",),
    "semaglutide": (
        "Our semaglutide is the same as Ozempic at a fraction of the price.",
        "Lose 20% of your body weight with FDA-approved semaglutide.",
    ),
}

# What a claim page says the patient will avoid.
AVOID: dict[str, str] = {
    "knee-arthritis": "knee replacement surgery",
    "back-pain": "spinal fusion surgery",
    "rotator-cuff": "shoulder surgery",
    "plantar-fasciitis": "foot surgery",
    "hair-loss": "a hair transplant",
    "heart-failure": "a heart transplant",
}

TESTIMONIALS: tuple[str, ...] = (
    "{lq}After {n} sessions my {c} was gone. {T} changed my life!{rq}"
    " {em}{name}, {city}",
    "{lq}I was cured in one visit. I should have come here years ago.{rq} {em}{name}",
    "{lq}My pain is gone and I can play with my grandkids again.{rq} {em}{name}, {age}",
    "{lq}I tried everything for my {c}. Only {ts} worked.{rq} {em}{name}, {city}",
    "{lq}No more {s1}! Thank you, {doc}!{rq} {em}{name}",
    "{lq}The staff were kind and the results were amazing.{rq} {em}{name}, {city}",
)

VISIT_ITEMS: tuple[str, ...] = (
    "A photo ID and your insurance card",
    "A list of your current medicines and supplements",
    "Recent imaging reports, such as X-rays or MRI results",
    "Questions you want to ask {doc}",
    "Comfortable clothing",
    "Someone to drive you home if you receive sedation",
    "Your most recent lab results",
)

CTA: tuple[str, ...] = (
    "Book a consultation",
    "Schedule your free consultation",
    "Call us today",
    "Request an appointment",
    "See if you are a candidate",
)

SECTION_EDU: tuple[str, ...] = (
    "What is {c}?",
    "Symptoms of {c}",
    "How is {c} treated?",
    "What is {t}?",
    "What to expect at your visit",
    "Preparing for your appointment",
    "Risks and side effects",
    "Questions to ask your doctor",
    "Meet {doc}",
    "Costs and insurance",
)
SECTION_HEDGED: tuple[str, ...] = (
    "What does the research say?",
    "Is {t} right for me?",
    "Clinical trials of {ts}",
    "What we know and what we don{apos}t",
    "Possible benefits and risks",
)
SECTION_CLAIMS: tuple[str, ...] = (
    "Why choose {clinic}?",
    "Life without {c}",
    "How {ts} heal {c}",
    "Real results from real patients",
    "Pricing and packages",
    "The {clinic} difference",
    "Stop suffering from {c}",
)


@dataclass
class Slots:
    """Values that stay fixed for one page."""

    t: Treatment
    c: Condition
    clinic: str
    city: str
    doc: str
    cred: str
    values: dict[str, str] = field(default_factory=dict)
    headings: set[str] = field(default_factory=set)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class PageWriter:
    """Builds the text of pages from a seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # -- slots and sentences ------------------------------------------------

    def slots(self) -> Slots:
        r = self.rng
        t = r.choice(TREATMENTS)
        c = r.choice(CONDITIONS)
        doc = r.choice(DOCTORS)
        if r.random() < 0.3:
            doc = doc.replace("Dr. ", "Dr." + NBSP)
        s = Slots(t, c, r.choice(CLINICS), r.choice(CITIES), doc, r.choice(CREDENTIALS))
        s.values = {
            "t": t.name,
            "T": _cap(t.name),
            "ts": t.short,
            "th": t.how,
            "c": c.name,
            "C": _cap(c.name),
            "a": c.area,
            "avoid": AVOID.get(c.slug, "a lifetime of medication"),
            "std": c.standard,
            "clinic": s.clinic,
            "city": s.city,
            "doc": doc,
            "Doc": doc,
            "cred": s.cred,
            "em": EM,
            "apos": APOS,
            "lq": LQ,
            "rq": RQ,
        }
        return s

    def fill(self, template: str, s: Slots) -> str:
        r = self.rng
        v = s.values
        syms = s.c.symptoms
        v["s1"] = r.choice(syms)
        v["s2"] = r.choice(syms)
        v["s3"] = r.choice(syms)
        v["dur"] = r.choice(DURATIONS)
        v["price"] = r.choice(PRICES)
        v["name"] = r.choice(FIRST_NAMES) + " " + r.choice("ABCDEFGHJKLMNPRSTW") + "."
        n = r.randint(2, 8)
        v["n"] = str(n)
        v["n2"] = str(n + r.randint(1, 6))
        v["age"] = str(r.randint(34, 81))
        v["pct"] = str(r.choice((87, 90, 92, 94, 95, 97, 98, 99)))
        v["phone"] = f"(555){NBSP}{r.randint(200, 989)}-{r.randint(1000, 9999)}"
        return template.format_map(v)

    def sentence(self, register: str, s: Slots) -> str:
        r = self.rng
        x = r.random()
        if register == "edu":
            pool = EDU if x < 0.9 else HEDGED
        elif register == "hedged":
            pool = HEDGED if x < 0.55 else EDU
        else:  # claims
            if x < 0.12:
                pool = SPECIFIC_CLAIMS.get(s.t.slug, CLAIMS)
            else:
                pool = CLAIMS if x < 0.6 else (EDU if x < 0.85 else HEDGED)
        return self.fill(r.choice(pool), s)

    def paragraph(self, register: str, s: Slots) -> str:
        r = self.rng
        sents: list[str] = []
        for _ in range(r.randint(2, 6)):
            sent = self.sentence(register, s)
            if sent in sents:  # one more draw avoids most repeats
                sent = self.sentence(register, s)
            if sent not in sents:
                sents.append(sent)
        if r.random() < 0.04:
            sents.append(r.choice(EMOJI))
        return " ".join(sents)

    def heading(self, register: str, s: Slots) -> str:
        r = self.rng
        if register == "claims" and r.random() < 0.6:
            pool = SECTION_CLAIMS
        elif register == "hedged" and r.random() < 0.5:
            pool = SECTION_HEDGED
        else:
            pool = SECTION_EDU
        h = self.fill(r.choice(pool), s)
        for _ in range(3):
            if h not in s.headings:
                break
            h = self.fill(r.choice(pool), s)
        s.headings.add(h)
        return h

    def list_items(self, register: str, s: Slots) -> list[str]:
        r = self.rng
        if register == "claims" and r.random() < 0.6:
            pool = CLAIMS + SPECIFIC_CLAIMS.get(s.t.slug, ())
            picks = r.sample(pool, r.randint(3, 6))
            return [self.fill(p, s).rstrip(".!") for p in picks]
        if r.random() < 0.5:
            return [_cap(x) for x in s.c.symptoms]
        picks = r.sample(VISIT_ITEMS, r.randint(3, 5))
        return [self.fill(p, s) for p in picks]

    def testimonial(self, s: Slots) -> str:
        return self.fill(self.rng.choice(TESTIMONIALS), s)

    def title(self, register: str, s: Slots) -> str:
        r = self.rng
        opts: tuple[str, ...]
        if register == "claims":
            opts = (
                f"{_cap(s.t.name)} for {s.c.name} in {s.city}",
                f"Heal {s.c.name} naturally with {s.t.short}",
                f"{s.clinic}: {_cap(s.t.name)}",
                f"Say goodbye to {s.c.name}",
            )
        elif register == "hedged":
            opts = (
                f"Can {s.t.name} help with {s.c.name}?",
                f"{_cap(s.t.name)} and {s.c.name}: what the research says",
                f"Is {s.t.name} right for you?",
            )
        else:
            opts = (
                f"Understanding {s.c.name}",
                f"{_cap(s.c.name)}: symptoms and treatment options",
                f"What to expect from {s.t.name}",
                f"Living with {s.c.name}",
            )
        return r.choice(opts)

    def description(self, register: str, s: Slots) -> str:
        if register == "claims":
            return self.fill(self.rng.choice(CLAIMS), s)
        return self.fill(self.rng.choice(EDU[:6] + HEDGED[:4]), s)

    def date(self) -> str:
        r = self.rng
        return f"{r.randint(2019, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    def tags(self, s: Slots) -> list[str]:
        r = self.rng
        tags = [s.t.slug, s.c.slug]
        tags.extend(r.sample(TAG_POOL, r.randint(1, 3)))
        return tags


def wrap(text: str, width: int = 72) -> str:
    """Greedy hard wrap at ``width`` columns (faster than textwrap)."""
    if len(text) <= width:
        return text
    lines: list[str] = []
    cur: list[str] = []
    cur_len = 0
    for word in text.split(" "):
        wl = len(word)
        if cur and cur_len + 1 + wl > width:
            lines.append(" ".join(cur))
            cur = [word]
            cur_len = wl
        else:
            cur_len += wl + (1 if cur else 0)
            cur.append(word)
    if cur:
        lines.append(" ".join(cur))
    return "\n".join(lines)


def _yaml_str(s: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(s, ensure_ascii=False)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(s: str) -> str:
    return _esc(s).replace('"', "&quot;")


# --------------------------------------------------------------------------
# Page renderers. Each renders until the UTF-8 size reaches ``target`` bytes.
# --------------------------------------------------------------------------

JSON_LD = """```json
{{
  "@context": "https://schema.org",
  "@type": "MedicalClinic",
  "name": "{clinic}",
  "address": {{"@type": "PostalAddress", "addressLocality": "{city}"}},
  "telephone": "+1-555-0100"
}}
```"""

EMBED = """```html
<div id="booking-widget" data-clinic="{slug}"></div>
<script src="/assets/booking.js" async></script>
```"""

CSS = """    body { font-family: system-ui, sans-serif; margin: 0; color: #1f2933; }
    nav ul { display: flex; gap: 1rem; list-style: none; }
    .cta { background: #0b7285; color: #fff; padding: .75rem 1.25rem; }
    .testimonial { border-left: 4px solid #0b7285; padding-left: 1rem; }"""

ANALYTICS = """    window.dataLayer = window.dataLayer || [];
    function gtag(){dataLayer.push(arguments);}
    gtag('js', new Date());
    gtag('config', 'G-XXXXXXX');"""


def _size(parts: Sequence[str]) -> int:
    return sum(len(p.encode("utf-8")) for p in parts)


class Renderer:
    def __init__(self, w: PageWriter) -> None:
        self.w = w
        self.rng = w.rng

    def _body_blocks(
        self,
        register: str,
        s: Slots,
        target: int,
        fmt: str,
        wrapped: bool,
        used: int,
    ) -> list[str]:
        """Markdown-ish body blocks (used for md, mdx and txt)."""
        r = self.rng
        w = self.w
        blocks: list[str] = []
        size = used
        link_base = f"../{s.t.slug}/"
        while size < target:
            x = r.random()
            block: str
            if x < 0.14:
                h = w.heading(register, s)
                p = w.paragraph(register, s)
                p = wrap(p) if wrapped else p
                if fmt == "txt":
                    block = h + "\n" + "-" * min(len(h), 72) + "\n\n" + p
                else:
                    block = "## " + h + "\n\n" + p
            elif x < 0.62:
                p = w.paragraph(register, s)
                if fmt != "txt" and r.random() < 0.25:
                    p += (
                        f" [Learn more about {s.t.short}]({link_base})"
                        if r.random() < 0.5
                        else f" See [our {s.city} office](/locations/"
                        f"{s.city.lower().replace(' ', '-')}/)."
                    )
                block = wrap(p) if wrapped else p
            elif x < 0.76:
                items = w.list_items(register, s)
                bullet = "-" if fmt != "txt" else "*"
                block = "\n".join(f"{bullet} {it}" for it in items)
            elif x < 0.84:
                t = w.testimonial(s)
                block = ("> " + t) if fmt != "txt" else t
                if fmt == "mdx":
                    block = (
                        f'<Testimonial author="{r.choice(FIRST_NAMES)}">\n'
                        f"{t}\n</Testimonial>"
                    )
            elif x < 0.90 and register == "claims":
                cta = r.choice(CTA)
                if fmt == "mdx":
                    block = f'<CallToAction href="/book" label="{cta}" />'
                elif fmt == "txt":
                    block = f"{cta}: call {w.fill('{phone}', s)}."
                else:
                    block = f"**[{cta}](/book)** or call {w.fill('{phone}', s)}."
            elif x < 0.93 and fmt in ("md", "mdx"):
                block = (
                    JSON_LD.format(clinic=s.clinic, city=s.city)
                    if r.random() < 0.5
                    else EMBED.format(slug=s.t.slug)
                )
            elif x < 0.96 and fmt == "mdx":
                block = (
                    "<PriceTable\n"
                    f'  title={{"{_cap(s.t.name)} pricing"}}\n'
                    f"  tiers={{[{{ name: 'Single', price: {r.randint(2, 9)}95 }}, "
                    f"{{ name: 'Protocol', price: {r.randint(10, 60)}00 }}]}}\n"
                    "/>"
                )
            elif x < 0.965:
                block = r.choice(CJK_NOTES)
            else:
                p = w.paragraph("edu", s)
                block = wrap(p) if wrapped else p
            blocks.append(block)
            size += len(block.encode("utf-8")) + 2
        return blocks

    def markdown(self, register: str, s: Slots, target: int, wrapped: bool) -> str:
        w = self.w
        title = w.title(register, s)
        head = [
            "---",
            f"title: {_yaml_str(title)}",
            f"description: {_yaml_str(w.description(register, s))}",
            f"date: {w.date()}",
            "tags: [" + ", ".join(_yaml_str(t) for t in w.tags(s)) + "]",
            "---",
            "",
            f"# {title}",
        ]
        text_head = "\n".join(head)
        blocks = self._body_blocks(
            register, s, target, "md", wrapped, len(text_head.encode("utf-8"))
        )
        return text_head + "\n\n" + "\n\n".join(blocks) + "\n"

    def mdx(self, register: str, s: Slots, target: int, wrapped: bool) -> str:
        w = self.w
        title = w.title(register, s)
        head = [
            "---",
            f"title: {_yaml_str(title)}",
            f"description: {_yaml_str(w.description(register, s))}",
            f"date: {w.date()}",
            "tags: [" + ", ".join(_yaml_str(t) for t in w.tags(s)) + "]",
            "---",
            "",
            "import { CallToAction } from '../../components/CallToAction'",
            "import { PriceTable } from '../../components/PriceTable'",
            "import Testimonial from '../../components/Testimonial.astro'",
            "",
            "# {frontmatter.title}",
            "",
            f"<p className=\"lede\">Updated {{new Date('{w.date()}').getFullYear()}}"
            f" by {s.doc}</p>",
        ]
        text_head = "\n".join(head)
        blocks = self._body_blocks(
            register, s, target, "mdx", wrapped, len(text_head.encode("utf-8"))
        )
        return text_head + "\n\n" + "\n\n".join(blocks) + "\n"

    def text(self, register: str, s: Slots, target: int, wrapped: bool) -> str:
        title = self.w.title(register, s)
        text_head = title + "\n" + "=" * min(len(title), 72)
        blocks = self._body_blocks(
            register, s, target, "txt", wrapped, len(text_head.encode("utf-8"))
        )
        return text_head + "\n\n" + "\n\n".join(blocks) + "\n"

    def html(self, register: str, s: Slots, target: int, wrapped: bool) -> str:
        r = self.rng
        w = self.w
        title = w.title(register, s)
        desc = w.description(register, s)
        city_slug = s.city.lower().replace(" ", "-")
        head = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '  <meta charset="utf-8">',
            '  <meta name="viewport" content="width=device-width, initial-scale=1">',
            f"  <title>{_esc(title)} | {_esc(s.clinic)}</title>",
            f'  <meta name="description" content="{_attr(desc)}">',
            f'  <meta property="og:title" content="{_attr(title)}">',
            f'  <meta property="og:description" content="{_attr(desc)}">',
            '  <meta property="og:type" content="website">',
            f'  <link rel="canonical" href="https://example.com/{s.t.slug}/">',
            "  <style>",
            CSS,
            "  </style>",
            '  <script async src="/assets/gtag.js"></script>',
            "  <script>",
            ANALYTICS,
            "  </script>",
            "</head>",
            "<body>",
            "  <nav>",
            "    <ul>",
            '      <li><a href="/">Home</a></li>',
            '      <li><a href="/treatments/">Treatments</a></li>',
            '      <li><a href="/conditions/">Conditions</a></li>',
            f'      <li><a href="/locations/{city_slug}/">{_esc(s.city)}</a></li>',
            '      <li><a href="/book" class="cta">Book now</a></li>',
            "    </ul>",
            "  </nav>",
            "  <main>",
            f"    <h1>{_esc(title)}</h1>",
        ]
        tail = [
            "  </main>",
            "  <footer>",
            f"    <p>&copy; {r.randint(2020, 2025)} {_esc(s.clinic)}. "
            f"{_esc(s.city)}.</p>",
            "  </footer>",
            "</body>",
            "</html>",
            "",
        ]
        parts = head[:]
        size = _size(parts) + _size(tail) + len(parts) + len(tail)
        while size < target:
            x = r.random()
            block: list[str]
            if x < 0.14:
                block = [
                    f"    <h2>{_esc(w.heading(register, s))}</h2>",
                    f"    <p>{_esc(w.paragraph(register, s))}</p>",
                ]
            elif x < 0.62:
                p = _esc(w.paragraph(register, s))
                if r.random() < 0.2:
                    p += (
                        f' <a href="/{s.t.slug}/">'
                        f"Learn more about {_esc(s.t.short)}</a>."
                    )
                if wrapped:
                    p = wrap(p, 68).replace("\n", "\n      ")
                block = ["    <p>", "      " + p, "    </p>"]
            elif x < 0.76:
                items = w.list_items(register, s)
                block = ["    <ul>"]
                block += [f"      <li>{_esc(it)}</li>" for it in items]
                block.append("    </ul>")
            elif x < 0.82:
                block = [
                    '    <blockquote class="testimonial">',
                    f"      <p>{_esc(w.testimonial(s))}</p>",
                    "    </blockquote>",
                ]
            elif x < 0.90:
                alt = (
                    w.fill(r.choice(CLAIMS), s)
                    if register == "claims" and r.random() < 0.5
                    else f"{_cap(s.t.short)} treatment room at {s.clinic}"
                )
                block = [
                    f'    <img src="/images/{s.t.slug}-{r.randint(1, 40)}.jpg" '
                    f'alt="{_attr(alt)}" width="800" height="533">'
                ]
            elif x < 0.95 and register == "claims":
                block = [
                    f'    <p><a class="cta" href="/book">{_esc(r.choice(CTA))}</a></p>'
                ]
            else:
                block = [f'    <p lang="zh">{r.choice(CJK_NOTES)}</p>']
            parts.extend(block)
            size += _size(block) + len(block)
        parts.extend(tail)
        return "\n".join(parts)


# --------------------------------------------------------------------------
# Corpus layout
# --------------------------------------------------------------------------


def _page_size(rng: random.Random) -> int:
    # Skewed towards 5-10 KB, clipped to the 2-30 KB range.
    size = int(rng.lognormvariate(9.0, 0.6))
    return max(MIN_PAGE, min(MAX_PAGE, size))


def _location(rng: random.Random, fmt: str, s: Slots, register: str, i: int) -> str:
    ext = {"md": ".md", "mdx": ".mdx", "html": ".html", "txt": ".txt"}[fmt]
    city = s.city.lower().replace(" ", "-")
    x = rng.random()
    if x < 0.3:
        folder = f"content/treatments/{s.t.slug}"
        name = s.c.slug
    elif x < 0.5:
        folder = f"content/conditions/{s.c.slug}"
        name = s.t.slug
    elif x < 0.75:
        year = rng.randint(2019, 2025)
        folder = f"content/blog/{year}/{rng.randint(1, 12):02d}"
        name = f"{s.t.slug}-{s.c.slug}"
    elif x < 0.88:
        folder = f"content/locations/{city}"
        name = f"{s.t.slug}" if register == "claims" else f"{s.c.slug}-care"
    elif x < 0.94:
        folder = "content/testimonials"
        name = f"{s.c.slug}-story"
    else:
        folder = f"site/pages/{'landing' if register == 'claims' else 'resources'}"
        name = f"{s.t.slug}-{city}"
    return f"{folder}/{name}-{i:05d}{ext}"


@dataclass
class CorpusStats:
    files: int = 0
    bytes: int = 0
    by_format: dict[str, list[int]] = field(default_factory=dict)
    by_register: dict[str, int] = field(default_factory=dict)


def generate(out: Path, size: int, seed: int = DEFAULT_SEED) -> CorpusStats:
    """Write a corpus of about ``size`` bytes (within 2%) under ``out``."""
    if size < MIN_PAGE:
        raise ValueError(f"size must be at least {MIN_PAGE} bytes")
    rng = random.Random(f"cliniclint-corpus:{GENERATOR_VERSION}:{seed}:{size}")
    writer = PageWriter(rng)
    rend = Renderer(writer)
    renderers: dict[str, Callable[[str, Slots, int, bool], str]] = {
        "md": rend.markdown,
        "mdx": rend.mdx,
        "html": rend.html,
        "txt": rend.text,
    }
    stats = CorpusStats()
    made_dirs: set[Path] = set()
    i = 0
    while True:
        remaining = size - stats.bytes
        if remaining < MIN_PAGE:
            break
        target = _page_size(rng)
        if remaining <= MAX_PAGE:
            target = remaining
        elif remaining - target < MIN_PAGE:
            target = remaining - MIN_PAGE
        x = rng.random()
        fmt = "md" if x < 0.6 else "mdx" if x < 0.72 else "html" if x < 0.9 else "txt"
        y = rng.random()
        register = "edu" if y < 0.35 else "hedged" if y < 0.65 else "claims"
        wrapped = rng.random() < (0.1 if fmt == "html" else 0.2)
        s = writer.slots()
        rel = _location(rng, fmt, s, register, i)
        # Leave room for the last block, which overshoots the target.
        body_target = max(MIN_PAGE, target - 200)
        text = renderers[fmt](register, s, body_target, wrapped)
        data = text.encode("utf-8")
        path = out / rel
        parent = path.parent
        if parent not in made_dirs:
            parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(parent)
        path.write_bytes(data)
        stats.files += 1
        stats.bytes += len(data)
        stats.by_format.setdefault(fmt, [0, 0])
        stats.by_format[fmt][0] += 1
        stats.by_format[fmt][1] += len(data)
        stats.by_register[register] = stats.by_register.get(register, 0) + 1
        i += 1
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output folder (created)")
    ap.add_argument(
        "--size", default="1MB", help="total size: 1MB, 10MB or 100MB (default 1MB)"
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument(
        "--force", action="store_true", help="delete OUT first if it exists"
    )
    args = ap.parse_args(argv)
    try:
        size = parse_size(args.size)
    except ValueError as e:
        ap.error(str(e))
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not args.force:
            ap.error(f"{out} is not empty (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    stats = generate(out, size, args.seed)
    dt = time.perf_counter() - t0
    fmts = ", ".join(
        f"{k}: {v[0]} files / {v[1] / 1e6:.2f} MB"
        for k, v in sorted(stats.by_format.items())
    )
    regs = ", ".join(f"{k}: {v}" for k, v in sorted(stats.by_register.items()))
    print(
        f"wrote {stats.files} files, {stats.bytes} bytes "
        f"({stats.bytes / size * 100:.2f}% of {size}) to {out} in {dt:.1f} s\n"
        f"  formats: {fmts}\n  registers: {regs}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
