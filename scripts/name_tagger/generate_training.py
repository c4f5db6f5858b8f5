#!/usr/bin/python3
"""Writes the labeled training text for the learned name recognizer (scrub/name_tagger.h) as JSONL.

Records are {"id", "text", "spans"} with UTF-8 byte offsets, the format `leakgate scrub train-names` reads.
Names come from the person lists of Debian's python3-fake-factory (Faker 0.9.3) and of Faker's Ruby and PHP ports
(ruby-faker, php-faker), every locale: in Latin script or romanised, and in their own scripts (Cyrillic, Greek,
Arabic, Hebrew, Devanagari, Thai, Georgian, Hangul, Chinese and Japanese). The text around them comes from
templates written here, from name-free sentences of the fortunes corpus (../shared/corpora/fortunes.jsonl, a copy of
Debian's fortunes files), from chat logs and form lines built here, and from the translated messages of standard
Debian packages (/usr/share/locale), in those scripts too. Casing (Title, UPPER, lower), order ("Last, First"), middle
initials, titles, suffixes, hyphenated surnames and ASCII-folded diacritics are varied. The output depends only on
the seed, the Debian packages and the carrier file: same inputs, same bytes.

usage: generate_training.py --fortunes FILE --word-lists-out FILE [--records N] [--seed S] > train.jsonl
"""
import argparse
import gettext
import glob
import hashlib
import importlib
import json
import pkgutil
import random
import re
import sys
import unicodedata

import yaml
import faker.providers.address as address_providers
import faker.providers.person as person_providers
from unidecode import unidecode


def is_latin_name(name):
    if not name or len(name) < 2:
        return False
    for ch in name:
        if ch in " -'":
            continue
        if not ch.isalpha() or "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def romanise(name):
    latin = re.sub(r"[^A-Za-z -]", "", unidecode(name))
    return " ".join(part.capitalize() for part in latin.split())


# The person lists of Faker's Ruby and PHP ports (Debian's ruby-faker 2.21 and php-faker 1.20): they cover cultures
# the Python package of Debian 12 has no Latin-script names for (Nigeria, Uganda, India, Pakistan, Nepal, Thailand,
# Malaysia, Indonesia, the Maori, ...).
RUBY_FAKER_LOCALES = "/usr/share/rubygems-integration/all/gems/faker-2.21.0/lib/locales"
PHP_FAKER_PROVIDERS = "/usr/share/php/Faker/Provider"
# Locales whose names python3-unidecode romanises well enough to be written that way too (Cyrillic, Greek, Georgian,
# Hangul, Armenian); Faker's own romanisations are used for Chinese and Japanese.
ROMANISED_PREFIXES = ("ru", "uk", "bg", "el", "ka", "ko", "sr", "kk", "mn", "hy")


# The scripts names are written in besides Latin, by the first word of their letters' Unicode names. Chinese and
# Japanese share the Han characters and are told apart by the locale (writing_system).
SCRIPTS = {"CYRILLIC": "cyrillic", "GREEK": "greek", "ARABIC": "arabic", "HEBREW": "hebrew", "DEVANAGARI": "devanagari",
           "THAI": "thai", "GEORGIAN": "georgian", "HANGUL": "hangul", "CJK": "han",
           "HIRAGANA": "han", "KATAKANA": "han", "KATAKANA-HIRAGANA": "han"}
# The writing systems that put no space between words: a name is one run of characters, family name first.
UNSPACED_SCRIPTS = {"chinese", "japanese", "thai"}


def writing_system(script, locale):
    """The script, with Han split into Chinese and Japanese by the locale the text or the name comes from."""
    if script != "han":
        return script
    return "japanese" if locale.lower().startswith("ja") else "chinese"


def script_of(text):
    """The one script other than Latin that the text's letters are written in, or None. Letters of no script (the
    apostrophe letter of Ukrainian names, "ʼ") do not count."""
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in text if ch.isalpha()}
    if "LATIN" in scripts:
        return None
    scripts = {SCRIPTS[script] for script in scripts if script in SCRIPTS}
    return scripts.pop() if len(scripts) == 1 else None


def native_script(name):
    """The script of a name written in one script other than Latin (letters, their combining marks, spaces, hyphens,
    apostrophes), or None."""
    if not name or not all(ch.isalpha() or unicodedata.category(ch).startswith("M") or ch in " -'’" for ch in name):
        return None
    return script_of(name)


class NameLists:
    """First names and surnames in Latin script (or romanised), and the names of other scripts as they are written
    there, by script and kind ("first", "last", "middle": the patronymics of Slavic full names)."""

    def __init__(self):
        self.first, self.last, self.native = set(), set(), {}

    def add(self, values, kind, locale, ordinary=frozenset()):
        for value in values:
            if not isinstance(value, str):
                continue
            value = value.strip()
            script = writing_system(native_script(value), locale)
            # One character is a name only in Chinese, Japanese and Korean (王, 蓮, 김): elsewhere it is a suffix or
            # a word (the feminine "а" of Russian surnames).
            if script and (len(value) > 1 or script in ("chinese", "japanese", "hangul")):
                kinds = self.native.setdefault(script, {"first": set(), "last": set(), "middle": set()})
                kinds[kind].add(value)
                if locale.lower().startswith(ROMANISED_PREFIXES):
                    value = romanise(value)
            if kind != "middle" and is_latin_name(value) and value.lower() not in ordinary:
                (self.first if kind == "first" else self.last).add(value)


def name_kind(key, first, last, middle):
    """Which kind of name a Faker list holds, from its name and the marks of each kind; None for other lists, and for
    the affixes and formats that sit beside the names ("lastNameSuffix")."""
    if any(part in key.lower() for part in ("suffix", "prefix", "format")):
        return None
    for kind, marks in (("first", first), ("last", last), ("middle", middle)):
        if any(mark in key for mark in marks):
            return kind
    return None


def load_ported_names(names):
    """Adds the names of the Ruby and PHP Faker ports' locales to `names`. Their lists hold some plain words ("the",
    "with", "room", "doctor", "you", "see"), so a Latin entry that the English word list writes in lower case, or the
    German one at all, is left out."""
    for path in (RUBY_FAKER_LOCALES, PHP_FAKER_PROVIDERS):
        if not glob.glob(path + "/*"):
            sys.exit(f"generate_training: {path} is missing (install ruby-faker and php-faker)")
    ordinary = set()
    for list_name, lower_only in (("american-english", True), ("ngerman", False)):
        for line in open("/usr/share/dict/" + list_name, encoding="utf-8", errors="replace"):
            word = line.strip()
            if word and (word.islower() or not lower_only):
                ordinary.add(word.lower())
    for path in sorted(glob.glob(RUBY_FAKER_LOCALES + "/*.yml") + [RUBY_FAKER_LOCALES + "/en/name.yml"]
                       + glob.glob(RUBY_FAKER_LOCALES + "/ja/name.yml")):
        with open(path, encoding="utf-8") as locale_file:
            document = yaml.safe_load(locale_file)
        locale = next(iter(document))
        lists = (document[locale].get("faker") or {}).get("name") or {}
        for key in sorted(lists):
            kind = name_kind(key, ("first_name",), ("last_name", "surname"), ("middle_name",))
            if isinstance(lists[key], list) and kind:
                names.add(lists[key], kind, locale, ordinary)
    for path in sorted(glob.glob(PHP_FAKER_PROVIDERS + "/*/Person.php")):
        locale = path.split("/")[-2]
        with open(path, encoding="utf-8") as source:
            code = source.read()
        for match in re.finditer(r"(?:protected|public)\s+static\s+\$(\w+)\s*=\s*(?:array\(|\[)(.*?)(?:\)|\]);", code,
                                 re.S):
            kind = name_kind(match.group(1), ("firstName",), ("lastName",), ("middleName",))
            if kind:
                names.add(re.findall(r"'((?:[^'\\]|\\.)*)'", match.group(2)), kind, locale, ordinary)


# What the birth records behind Faker's English lists write for a child without a name ("Baby", "Unknown"); a form's
# "Father: unknown" holds no name.
PLACEHOLDERS = {"Unknown", "Unnamed", "Baby", "Infant", "Male", "Female", "Boy", "Girl"}


def load_names():
    """Every first and last name of every Faker locale, in the Python package and its Ruby and PHP ports: the Latin
    (or romanised) ones as two sorted lists, and the others by script and kind, sorted, so the order does not depend
    on the interpreter's hashing."""
    names = NameLists()
    for module in pkgutil.iter_modules(person_providers.__path__):
        provider = importlib.import_module("faker.providers.person." + module.name).Provider
        for attribute in dir(provider):
            kind = name_kind(attribute, ("first_name", "first_romanized_name", "first_kana_name"),
                             ("last_name", "last_romanized_name", "last_kana_name"), ("middle_name",))
            values = getattr(provider, attribute)
            if kind and isinstance(values, (list, tuple, dict)):
                names.add(values, kind, module.name)
    load_ported_names(names)
    native = {script: {kind: sorted(values) for kind, values in kinds.items()}
              for script, kinds in sorted(names.native.items()) if kinds["first"] and kinds["last"]}
    return sorted(names.first - PLACEHOLDERS), sorted(names.last - PLACEHOLDERS), native


PLACE_ATTRIBUTES = ("cities", "city_names", "real_city_names", "countries", "states", "provinces", "regions",
                    "counties", "towns", "districts", "prefectures", "metropolitan_cities")


def load_places(names):
    """City, country, state and region names of every Faker locale (Latin script), minus the person names."""
    places = set()
    for module in pkgutil.iter_modules(address_providers.__path__):
        provider = importlib.import_module("faker.providers.address." + module.name).Provider
        for attribute in PLACE_ATTRIBUTES:
            for value in getattr(provider, attribute, ()) or ():
                if isinstance(value, str) and is_latin_name(value.strip()) and value.strip() not in names:
                    places.add(value.strip())
    return sorted(places)


# Debian word lists (wamerican, wbritish, wngerman, wfrench, wspanish, witalian, wpolish, wportuguese, wdutch,
# wswedish, wdanish, wnorwegian): ordinary words of the languages notes are written in, as negatives.
WORD_LISTS = ["american-english", "british-english", "ngerman", "french", "spanish", "italian", "polish",
              "portuguese", "dutch", "swedish", "danish", "bokmaal"]


def load_words(names, per_language):
    """Per language, up to `per_language` words spread evenly over its sorted list: lower-case entries (and German
    nouns, which are capitalised), never a known person name. Also the names the lists write in lower case, as
    ordinary words ("will", "grace", "rosa"). And, for the features only, every such word of at most five letters
    (the short words a sentence is mostly made of, "los", "sich", "chez", are rare in an even spread) and every word
    of the two English lists, the language most notes are written in."""
    lowered_names = {name.lower() for name in names}
    languages, ordinary_names, feature_words = {}, set(), set()
    for list_name in WORD_LISTS:
        keep_capitals = list_name == "ngerman"
        words = []
        for line in open("/usr/share/dict/" + list_name, encoding="utf-8", errors="replace"):
            word = line.strip()
            if len(word) < 2 or "'" in word or not word.isalpha() or (word[0].isupper() and not keep_capitals):
                continue
            if word.lower() in lowered_names:
                if word.islower():
                    ordinary_names.add(word)
                continue
            words.append(word)
            if len(word) <= 5 or list_name.endswith("english"):
                feature_words.add(word)
        words.sort()
        stride = max(1, len(words) // per_language)
        languages[list_name] = words[::stride][:per_language]
    return languages, sorted(ordinary_names), sorted(feature_words)


def write_word_lists(path, first, last, listed, places, words, ordinary_names, feature_words):
    """The lists the tagger's features consult, as class<TAB>word lines (`leakgate scrub train-names --word-lists`);
    names for which `listed` is false are marked withheld from training."""
    with open(path, "w", encoding="utf-8") as out:
        for cls, entries in (("first", first), ("surname", last)):
            for entry in entries:
                out.write(f"{cls}{'' if listed(entry) else '-withheld'}\t{entry}\n")
        for cls, entries in (("place", places), ("word", ordinary_names), ("word", feature_words)):
            for entry in entries:
                out.write(f"{cls}\t{entry}\n")
        for language in sorted(words):
            for entry in words[language]:
                out.write(f"word\t{entry}\n")


def ascii_fold(text):
    """The text without its diacritics; syllables of scripts that decompose into letters (Hangul) are put back."""
    return unicodedata.normalize("NFC", "".join(ch for ch in unicodedata.normalize("NFKD", text)
                                                if not unicodedata.combining(ch)))


TITLES = ["Dr.", "Dr", "Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Prof.", "Nurse", "Sister", "Rev.", "Herr", "Frau",
          "Monsieur", "Madame", "Mme", "Señor", "Sra.", "Dra.", "Pani", "Pan"]
SUFFIXES = ["Jr.", "Sr.", "II", "III", "Jr"]

# Capitalised words that are not people: they teach the tagger that capitals alone are not a name.
NOT_NAMES = """Lisinopril Metformin Atorvastatin Amoxicillin Ibuprofen Tylenol Advil Lasix Coumadin Eliquis Xarelto
Humalog Lantus Zoloft Prozac Ventolin Augmentin Keflex Plavix Norvasc Synthroid Prednisone Heparin Insulin Aspirin
Cardiology Oncology Radiology Neurology Pediatrics Dermatology Orthopedics Urology Nephrology Pharmacy Emergency
Department Clinic Hospital Ward Unit Medicine Surgery Triage Admissions Billing Records Laboratory Imaging
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July August
September October November December Boston Chicago Denver Houston Seattle London Dublin Toronto Sydney Lagos
Mumbai Berlin Paris Madrid Warsaw Istanbul Hanoi Seoul Tokyo Dubai Texas Ohio Florida Ontario Bavaria Medicare
Medicaid Aetna Cigna Humana Blue Cross Shield Kaiser NHS Google Microsoft Apple Android Windows Outlook Zoom
Teams Excel Portal MyChart Epic Cerner Pixel Safari Chrome Firefox iPhone Samsung Galaxy Kindle Amazon PayPal
Visa Mastercard FedEx Walgreens CVS Boots Tesco Hallo Bonjour Hola Sehr Geehrte Freundlichen Grüßen Cordialement
Estimado Saludos Gracias Danke Merci Liebe Bitte Support Sales Helpdesk Reception Security Finance Legal Covid
Influenza Diabetes Asthma Hypertension Sepsis Pneumonia Allergy
History Plan Assessment Impression Diagnosis Medications Allergies Vitals Labs Exam Review Systems Follow Note
Addendum Discharge Summary Referral Consult Progress Nursing Handoff Orders Instructions Signed Attending Resident
Tel Mob Fax Ext Ref Fee Rota Bay Bed Room Line Case Lot Mon Tue Wed Thu Fri Sat Sun Jan Feb Apr Jun Jul Aug Sep Oct
Nov Dec
Patient Doctor Nurse Provider Caller Customer Agent Team Support Manager Office Room Floor Building North South
East West Street Avenue Road Lane Drive Park Memorial General Regional University Saint Mercy Valley""".split()

# Words that stand next to names or where names could: roles, lab tests and units, vehicles.
ROLES = """guarantor subscriber patient pt caller member beneficiary spouse husband wife son daughter mother father
sister brother caregiver guardian resident attending nurse physician pharmacist therapist surgeon interpreter
provider clinician technician receptionist agent customer client owner driver employer landlord tenant witness
applicant claimant insured dependent donor recipient visitor neighbour friend partner colleague manager""".split()
LABS = """LDL HDL HbA1c TSH INR CBC BMP CMP ECG EKG MRI CT BP HR RR SpO2 WBC Hgb Hct PLT BUN eGFR ALT AST CRP ESR PSA
BNP troponin lactate sodium potassium glucose creatinine ferritin""".split()
UNITS = "mg mL dL mg/dL mmHg bpm kg lbs cm mmol/L g/dL U/L mcg IU % mL/min ng/mL".split()
VEHICLES = ["Ford F-150", "Toyota Camry", "Honda Civic", "Tesla Model 3", "Nissan Altima", "Subaru Outback",
            "Chevrolet Silverado", "Jeep Wrangler", "Hyundai Elantra", "Kia Sorento", "Volkswagen Golf", "BMW X5",
            "Audi A4", "Mercedes C-Class", "Mazda CX-5", "Volvo XC90"]

EPONYMS = ["Sjögren's syndrome", "Raynaud's", "a Swan-Ganz catheter", "a Hickman line", "Guillain-Barré syndrome",
           "Wernicke's encephalopathy", "a Babinski sign", "Lyme disease", "Ménière's disease", "Horton's arteritis",
           "Morbus Crohn", "Hodgkin lymphoma", "a Whipple resection", "the Mantoux test", "Dupuytren's contracture",
           "Osgood-Schlatter", "a Baker's cyst", "Barrett's oesophagus", "the Epley manoeuvre", "Paget's disease",
           "Parkinson's disease", "Crohn's disease", "Alzheimer's dementia", "Hashimoto's thyroiditis",
           "a Foley catheter", "Bell's palsy", "Cushing's syndrome", "Graves' disease", "Down syndrome",
           "the Glasgow Coma Scale", "an Apgar score of 9", "a Holter monitor", "Kaposi sarcoma",
           "the Heimlich maneuver", "Tourette syndrome", "Addison's disease", "a Whipple procedure"]

HEADINGS = ["HISTORY OF PRESENT ILLNESS", "ASSESSMENT AND PLAN", "DISCHARGE SUMMARY", "CHIEF COMPLAINT",
            "PAST MEDICAL HISTORY", "MEDICATIONS", "ALLERGIES", "SOCIAL HISTORY", "PHYSICAL EXAM", "IMPRESSION",
            "FOLLOW UP", "NURSING NOTE", "PROGRESS NOTE", "REVIEW OF SYSTEMS", "LAB RESULTS", "PLAN", "HPI",
            "INSTRUCTIONS", "REFERRAL", "ADDENDUM", "CONSULT NOTE", "OPERATIVE REPORT", "TRIAGE"]

# Kinship and other relations that stand right before a lone name in notes and messages, in the name lists' languages.
KIN = """wife husband son daughter mum mom mother dad father sister brother uncle aunt aunty auntie nana grandma grandpa
granny cousin niece nephew partner mate friend neighbour bro sis oma opa abuela abuelo tia tio mama papa fils fille
tochter sohn hija hijo esposa esposo marido mujer filha filho figlia figlio""".split()

# Abbreviations clinical notes write in capitals in mixed-case text: diagnoses, services, tests, degrees.
ACRONYMS = """CAP COPD CHF CKD AKI MI NSTEMI STEMI ACS AF AFib PE DVT UTI URTI LRTI TIA CVA GERD IBS IBD DKA HHS OSA
ARDS SIRS HTN DM T2DM HIV HBV HCV TB MRSA ESBL VRE GCS NEWS ED ER ICU CCU HDU NICU OPD OT PACU ITU MAU AMU SDEC DOB
NKDA NKA ENT ORL GI GU OB GYN ECG EKG EEG EMG CXR AXR MRI MRCP ERCP OGD TTE TOE TEE PCI CABG PTCA TAVI LP ABG VBG
FBC UE LFT TFT CRP ESR INR APTT BNP PSA CEA AFP DNR DNACPR NBM NPO TTO TTA PRN BD TDS QDS OD PO IV IM SC SL NG PEG
PICC RN RGN NP PA MD MBBS MRCP FRCS FRCP FCPS DO BDS PhD MSc BSc GP FY1 FY2 SHO SpR CT2 ST3 HCA OT PT SALT MDT BCG
MMR DTaP HPV NHS CQC HSE NICE WHO CDC FDA EMA ICD CPT DRG SOAP HPI ROS PMH PSH FH SH""".split()

# {N} is a person's name; {T} a title (not part of the name); {X} a capitalised non-name; {E} an eponym;
# {H} a heading; {D} a drug; {R} a role; {L} a lab test; {U} a unit; {V} a vehicle; {n} a number; {P} a place;
# {A} an abbreviation; {K} a kinship word; {#} a phone number; | a line break.
TEMPLATES = """{N} was seen today for follow-up of {E}.
Spoke with {N} about the lab results; {N} agrees with the plan.
Pt {N} c/o chest pain x2 days, denies SOB.
{T} {N} reviewed the imaging and recommends {D}.
Called {N} at home, no answer, left message to call back.
Seen together with {N} and her daughter {N}.
{N} brought in by ambulance from {X} after a fall.
Discussed with {N} (son) who will pick up {D} from the {X} pharmacy.
Per {N}, symptoms started on Monday.
Message from {N}: can I take {D} with food?
Appointment moved for {N}, please notify {T} {N}.
{H}: {N}, 67 y/o, admitted with {E}.
cc: {T} {N}, {X} {X}
Thanks, {N}
Best regards,|{N}|{X} {X}
Hi {N}, your prescription for {D} is ready.
{N} and {N} attended the family meeting.
{N}'s wife reports poor appetite.
Handoff to {N}, RN: vitals stable, {D} given at 14:00.
Referred by {N} to {X} for {E}.
Next of kin: {N}
Name: {N}
Patient: {N}
Attending: {T} {N}
Signed electronically by {N}
Reviewed with {N}, who verbalized understanding.
Interpreter {N} present for the visit.
Wife {N} at bedside.
{N} is a 54 year old with {E} and {E}.
Spoke w/ {N} re: refill of {D}.
{N} will call {N} tomorrow about the {X} referral.
The caregiver, {N}, says {N} slept poorly.
Dear {T} {N},|Thank you for referring {N} to the {X} clinic.
Chat transcript|Agent: Hi, I'm {N}.|Customer: hi {N}, I need to change my appointment.
{N} (MRN on file) declined the flu shot.
Results faxed to {N} at {X} {X}.
{N} denies fever. {N} wants to go home.
According to {N} the pain is 6/10.
Family: mother {N}, father {N}, sister {N}.
{N}, {N} and {N} are on call this weekend.
Case discussed with {N} from {X}.
Thank you {N} for covering.
{N} left AMA.
{T} {N} to see pt in AM.
Spouse ({N}) prefers phone contact.
Visit note for {N}
Re: {N}
From: {N}|To: {N}|Subject: {X} follow up
Emergency contact {N}, daughter.
Lives with partner {N} in {X}.
{N} from {X} {X} called to confirm the {X} order.
Please forward to {N}.
{N} requested copies of records.
Met with {N}; plan to start {D}.
Good morning {N}, this is {N} from {X}.
{N} has {E}; {D} held.
Transport arranged by {N}.""".split("\n")

NEGATIVE_TEMPLATES = """Moved from {P}, {P} to {P} last year.
Lives in {P}; transferred from {P} General.
{P}, {P}
Location: {P}. Records requested from {P}.
{N} moved from {P}, {P} to {P}.
Son {N} lives in {P}, {P}.
{H}: {R} {N} called about the statement.
{R} {N} and {R} {N} present.
Labs: {L} {n} {U}, {L} {n} {U}, {L} {n} {U}.
{L} {n} {U} ({L} {n}), {L} {n} {U}.
{N} drives a {n} {V}, plate on file.
{R} {N} ({R}) asked about {L} results.
Owner {N}, vehicle {n} {V}.
{L} and {L} ordered; {L} {n} {U}.
{H}|{X} {X} visit for {E}, started {D}.
Continue {D}; recheck in {X}.
{X} {X} {X} closed on {X}.
Seen in {X} for {E}.
{H}: stable. {D} increased.
Order placed with {X} {X} for {D}.
Will follow up in {X} {X} clinic on {X}.
{E} ruled out. {D} PRN.
{K} {N} visiting later, will bring clothes.
told {K} {N} about the plan; {K} {N} to call back.
Spoke to {K} {N} on the phone re discharge.
{N} ({K}) is the main contact.
can {K} {N} pick up the {D} from the pharmacy?
Re: {N}, DOB {n}/{n}/{n}, MRN {n}
{N} / DOB {n}.{n}.{n} / {X} {n}
Pt: {N}, D.O.B. {n}/{n}/{n}, Tel {n} {n}
{H}|{N}   DOB: {n}/{n}/{n}   NHS No: {n} {n} {n}
Dx: {A}, {A}. Seen in {A}, {A} pending.
{A} and {A} ordered; {A} to review.
Adv: Tab {D} 500mg 1-0-1 x 5 days, Cap {D} 20mg 0-0-1, Syp {D} 10ml SOS.
Rx: Tab {D} 1+0+1, Inj {D} 1g IV BD.
Hx {A}, {A}; on {D}. Plan: {A} then {A}.
{N}, {A}, reviewed in {A}; {A} normal.
{H}|No acute distress. {X} labs pending.
Transferred to {X} unit.
Patient phone {#}. {R} phone {#}.
Call {#} with questions. Phone: {#}
Referring: Dr. {N}. Call {#} to reschedule.
Insurance: {X}, policy number {n}.
{N} {#}
Contact {N} on {#} or {N} at {#}.""".split("\n")


# Places and bodies named after people: the person's name in them is not a name in the text.
INSTITUTIONS = ["Hospital", "Clinic", "Infirmary", "Medical Centre", "Health Centre", "Surgery", "Pharmacy", "School",
                "University", "College", "Street", "Road", "Avenue", "Ward", "House", "Trust", "Institute", "Score",
                "Scale", "Test", "Syndrome"]


def institution(first, last, rng):
    """A hospital, street, school, score or the like named after a person ("Cleveland Clinic", "Queen Elizabeth
    Hospital", "St Luke's Ward", "Braden Score")."""
    person = rng.choice(first) if rng.random() < 0.5 else rng.choice(last)
    head = rng.choice(["", "", "St ", "St. ", "Queen ", "King ", "Royal ", "Saint ", "Prince "])
    possessive = "'s" if head.startswith("St") and rng.random() < 0.6 else ""
    return head + person + possessive + " " + rng.choice(INSTITUTIONS)


def not_a_name(first, last, vocabulary, rng):
    """What else stands where a name could: a capitalised non-name or ordinary words, cased as names are."""
    roll = rng.random()
    if roll < 0.1:
        return casing(institution(first, last, rng), rng)
    if roll < 0.15:
        words = [rng.choice(ROLES)]
    elif roll < 0.3:
        words = [rng.choice(PLACES)]
    elif roll < 0.45:
        language = rng.choice(sorted(WORDS))
        words = [rng.choice(WORDS[language]) for _ in range(rng.randint(1, 2))]
    elif roll < 0.5:
        words = [rng.choice(NOT_NAMES) for _ in range(rng.randint(1, 2))]
    else:
        words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.5:
            words = [w.capitalize() for w in words]
    return casing(" ".join(words), rng)


def casing(name, rng):
    roll = rng.random()
    if roll < 0.15:
        return name.upper()
    if roll < 0.29:
        return name.lower()
    return name


def render_name(first, last, rng, with_title):
    """One person's name as people write it; now and then in a script other than Latin."""
    if rng.random() < 0.03:
        return render_native_name(rng.choice(sorted(NATIVE)), rng)
    f, l = rng.choice(first), rng.choice(last)
    if rng.random() < 0.06:
        l = l + "-" + rng.choice(last)
    if rng.random() < 0.3:
        f, l = ascii_fold(f), ascii_fold(l)
    middle = rng.choice("ABCDEFGHJKLMNPRSTW") + "."
    roll = rng.random()
    if with_title:
        text = l if roll < 0.6 else f + " " + l
    elif roll < 0.36:
        text = f + " " + l
    elif roll < 0.45:
        text = f + " " + middle + " " + l
    elif roll < 0.57:
        text = l + ", " + f
    elif roll < 0.61:
        text = l + ", " + f + " " + middle
    elif roll < 0.75:
        text = f
    elif roll < 0.82:
        text = l
    elif roll < 0.86:
        text = f + " " + l + " " + rng.choice(SUFFIXES)
    elif roll < 0.9:
        text = f + " " + rng.choice(first) + " " + l
    else:
        text = f + " " + l
    return casing(text, rng)


def phone_number(rng):
    """A phone number as notes write them: "(569) 986-2331", "555-0147", "07700 900461", "+44 20 7946 0314"."""
    digits = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))
    return rng.choice([f"({rng.randint(201, 989)}) {digits(3)}-{digits(4)}", f"555-{digits(4)}",
                       f"07{digits(3)} {digits(6)}", f"+44 20 {digits(4)} {digits(4)}"])


def expand(template, case, slot_text):
    """The template with each {X} slot replaced by the text slot_text(X, template before the slot) gives, which also
    says whether it is a name; all of it written in `case`. Returns the bytes and the byte spans of the names."""
    out, spans, cursor = b"", [], 0
    for match in re.finditer(r"\{([A-Za-z#])\}", template):
        out += case(template[cursor:match.start()]).encode("utf-8")
        cursor = match.end()
        text, is_name = slot_text(match.group(1), template[:match.start()])
        piece = case(text).encode("utf-8")
        if is_name:
            spans.append({"start": len(out), "end": len(out) + len(piece), "type": "NAME"})
        out += piece
    return out + case(template[cursor:]).encode("utf-8"), spans


def fill(template, first, last, vocabulary, rng):
    """The template's text and the byte spans of its names; a fifth of the name slots hold something else. Some
    parts are written wholly in capitals or wholly in lower case, names included, as hurried notes are."""
    whole = rng.random()
    case = str.upper if whole < 0.12 else str.lower if whole < 0.22 else (lambda text: text)

    def slot_text(slot, before):
        if slot == "N" and rng.random() < 0.2 and not before.endswith("{T} "):
            return not_a_name(first, last, vocabulary, rng), False
        if slot == "N":
            return render_name(first, last, rng, before.endswith("{T} ")), True
        if slot == "T":
            title = rng.choice(TITLES)
            return title.upper() if rng.random() < 0.1 else title, False
        if slot == "X":
            word = rng.choice(NOT_NAMES)
            return word.upper() if rng.random() < 0.15 else word.lower() if rng.random() < 0.1 else word, False
        if slot == "R":
            role = rng.choice(ROLES)
            roll = rng.random()
            return role.upper() if roll < 0.1 else role.capitalize() if roll < 0.4 else role, False
        if slot == "P":
            return casing(rng.choice(PLACES), rng), False
        if slot == "n":
            return str(rng.choice([rng.randint(1, 300), rng.randint(1990, 2024)])), False
        if slot == "#":
            return phone_number(rng), False
        lists = {"L": LABS, "U": UNITS, "V": VEHICLES, "E": EPONYMS, "H": HEADINGS, "A": ACRONYMS, "K": KIN}
        return rng.choice(lists.get(slot, NOT_NAMES[:24])), False

    text, spans = expand(template, case, slot_text)
    return text.replace(b"|", b"\n"), spans


def name_free_sentences(path):
    """Fortunes sentences with no capitalised word after the first, no attribution and no quotes: ordinary prose
    that names no one (as far as capitals tell)."""
    sentences = []
    for line in open(path, encoding="utf-8"):
        text = json.loads(line)["text"]
        if "--" in text:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
            words = sentence.split()
            if len(words) < 4 or len(words) > 40 or any(ch.isdigit() for ch in sentence):
                continue
            if any(w[0].isupper() and w != "I" and not w.startswith("I'") for w in words[1:]):
                continue
            sentences.append(sentence)
    return sentences


# Message catalogs of standard Debian packages: the same interface sentences translated into some fifty languages, by
# people. They carry the function words, capitalisation and word order of real text in the languages notes are
# written in, which lists of words do not.
UI_DOMAINS = ["apt", "bash", "coreutils", "diffutils", "dpkg", "findutils", "grep", "sed", "tar", "wget"]


def load_ui_sentences():
    """Sentences of the UI_DOMAINS catalogs, format directives and accelerator marks removed, sorted by catalog path
    and message so the order depends on the packages only: those in Latin script (4-30 words) as a list, and those
    in one other script as lists by script (4-30 words, or 6-60 letters in the scripts written without spaces)."""
    latin, native = [], {}
    for domain in UI_DOMAINS:
        for path in sorted(glob.glob(f"/usr/share/locale/*/LC_MESSAGES/{domain}.mo")):
            if path.split("/")[4].startswith("en"):
                continue
            try:
                with open(path, "rb") as catalog_file:
                    catalog = gettext.GNUTranslations(catalog_file)._catalog
            except (OSError, UnicodeDecodeError):
                continue
            for key, value in sorted(catalog.items(), key=lambda item: str(item[0])):
                if not key or not isinstance(value, str):
                    continue
                value = re.sub(r"%(\d+\$)?[-+ #0]*\d*(\.\d+)?[a-zA-Z]|\{[^}]*\}|[_&](?=\w)", "", value)
                for line in value.split("\n"):
                    words = line.split()
                    line = " ".join(words)
                    letters = [ch for ch in line if ch.isalpha()]
                    if (re.search(r"[<>=/\\@|`*\[\]\d]|--", line) or not letters
                            or len(letters) + sum(unicodedata.category(ch).startswith("M") for ch in line)
                            <= 0.7 * len(line)):
                        continue
                    script = writing_system(script_of(line), path.split("/")[4])
                    if script in UNSPACED_SCRIPTS and 6 <= len(letters) <= 60:
                        native.setdefault(script, []).append(line)
                    elif 4 <= len(words) <= 30:
                        if script:
                            native.setdefault(script, []).append(line)
                        elif all("LATIN" in unicodedata.name(ch, "") for ch in letters):
                            latin.append(line)
    return latin, native


def ui_sentence(sentences, first, last, rng):
    """A translated interface sentence, sometimes with a name put between two of its words; some wholly in capitals
    or lower case."""
    words = rng.choice(sentences).split()
    whole = rng.random()
    case = str.upper if whole < 0.1 else str.lower if whole < 0.25 else (lambda text: text)
    return words_with_a_name(words, lambda: render_name(first, last, rng, False), rng, case)


def words_with_a_name(words, render, rng, case=lambda text: text):
    """The words joined by spaces, half the time with a name from `render()` put between two of them (or at either
    end), all written with `case`: (bytes, spans)."""
    text, spans = b"", []
    at = rng.randrange(len(words) + 1) if rng.random() < 0.5 else -1
    for index in range(len(words) + 1):
        if index == at:
            name = case(render()).encode("utf-8")
            text += b" " if text else b""
            spans.append({"start": len(text), "end": len(text) + len(name), "type": "NAME"})
            text += name
        if index < len(words):
            text += (b" " if text else b"") + case(words[index]).encode("utf-8")
    return text, spans


def foreign_sentence(first, last, rng):
    """Words of one language's list in a row, sometimes with a name among them: notes not written in English."""
    language = rng.choice(sorted(WORDS))
    words = [rng.choice(WORDS[language]) for _ in range(rng.randint(3, 12))]
    words[0] = words[0][0].upper() + words[0][1:]
    text, spans = words_with_a_name(words, lambda: render_name(first, last, rng, False), rng)
    return text + b".", spans


def pronoun_sentence(sentence, first, last, rng):
    """A fortunes sentence with one 'he', 'she', 'him', 'her' or 'you' replaced by a name (or, after 'her', by a
    name and 's): names in real prose. Some are wholly in capitals or lower case."""
    match = re.search(r"\b(he|she|him|her|you)\b", sentence)
    if match is None:
        return None
    whole = rng.random()
    case = str.upper if whole < 0.12 else str.lower if whole < 0.27 else (lambda text: text)
    name = case(render_name(first, last, rng, False)).encode("utf-8")
    head = case(sentence[:match.start()]).encode("utf-8")
    possessive = b"'s" if match.group(1) == "her" and rng.random() < 0.5 else b""
    text = head + name + possessive + case(sentence[match.end():]).encode("utf-8")
    return text, [{"start": len(head), "end": len(head) + len(name), "type": "NAME"}]


SHORT_REPLIES = ["ok", "ok thx", "k", "sure", "yes", "no worries", "on my way", "will do", "thanks!", "noted",
                 "can't today sorry", "see you there", "done", "call me", "👍", "lol", "any update?", "got it"]


def chat_transcript(first, last, prose, rng):
    """A few turns of a chat or message log, each line opened by its speaker's name ("[14:02] sam: ...",
    "11/14/24, 9:02 PM - Sam: ...", "Sam: ..."), the speakers sometimes named again in the messages."""
    speakers = []
    for _ in range(rng.randint(2, 3)):
        name = rng.choice(first)
        latin = is_latin_name(name)
        if rng.random() < 0.3 and latin:
            name = ascii_fold(name)
        if rng.random() < 0.15 and latin:
            name += " " + (rng.choice(last) if rng.random() < 0.5 else rng.choice("ABCDEFGHJKLMNPRSTW") + ".")
        speakers.append(name)
    lower = rng.random() < 0.35
    layout = rng.randrange(4)
    minute = rng.randrange(9 * 60, 22 * 60)
    day = f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(19, 25)}"
    text, spans = b"", []

    def put(piece, is_name=False):
        nonlocal text
        piece = piece.lower() if lower else piece
        if is_name:
            spans.append({"start": len(text), "end": len(text) + len(piece.encode("utf-8")), "type": "NAME"})
        text += piece.encode("utf-8")

    for turn in range(rng.randint(3, 6)):
        if turn:
            put("\n")
        minute += rng.randint(0, 7)
        clock = f"{minute // 60:02d}:{minute % 60:02d}"
        if layout == 0:
            put(f"[{clock}] ")
        elif layout == 1:
            hour = (minute // 60 - 1) % 12 + 1
            put(f"{day}, {hour}:{minute % 60:02d} {'PM' if minute >= 720 else 'AM'} - ")
        speaker = rng.choice(speakers)
        put(speaker, True)
        put(f" ({clock}): " if layout == 3 else ": ")
        roll = rng.random()
        if roll < 0.25:
            other = rng.choice(speakers).split()[0]
            put(other, True)
            sentence = rng.choice(prose)
            put(rng.choice([", ", " "]) + rng.choice([rng.choice(SHORT_REPLIES), sentence[0].lower() + sentence[1:]]))
        elif roll < 0.5:
            put(rng.choice(SHORT_REPLIES))
        else:
            put(rng.choice(prose))
    return text, spans


# Short messages and hurried notes that name someone by a relation or a role and a bare first name, mostly in lower
# case ("husband ron aware", "tell aunty bisi", "my manager gary said"): {K} is a kinship word or role, {N} a name,
# {S} the rest of a sentence.
KIN_FRAMES = ["tell {K} {N} {S}", "{K} {N} is coming {S}", "my {K} {N} said {S}", "ask {N} to {S}",
              "remind {N} to {S}", "no visits from {K} {N} pls", "{K} {N} aware, {S}", "spoke to {K} {N}, {S}",
              "this is my {K} {N}'s number", "{K} {N} and {N} {S}", "with {K} {N} today", "{S}, {K} {N} happy w plan",
              "pls let {K} {N} know {S}", "{N} n {N} {S}", "{K} {N} rang, {S}"]
KIN_ROLES = ["manager", "boss", "prof", "dr", "coach", "teacher", "mate", "friend", "neighbour", "colleague", "bro",
             "sis", "pak", "bu", "ibu", "bapak", "tante", "oma", "opa", "mama", "papa"]


def kin_message(first, last, vocabulary, prose, rng):
    """A short message naming someone by relation or role and first name, or (one slot in four) a word that is no
    one's name; half of them wholly in lower case, some in capitals."""
    roll = rng.random()
    case = str.lower if roll < 0.5 else str.upper if roll < 0.65 else (lambda piece: piece)
    frame = rng.choice(KIN_FRAMES)

    def slot_text(slot, before):
        if slot == "K":
            return rng.choice(KIN + KIN_ROLES), False
        if slot == "N" and rng.random() < 0.25:
            return rng.choice(vocabulary), False
        if slot == "N":
            name = rng.choice(first) if rng.random() < 0.75 else rng.choice(first) + " " + rng.choice(last)
            return ascii_fold(name) if rng.random() < 0.3 else name, True
        sentence = rng.choice(prose)
        return sentence[0].lower() + sentence[1:] if rng.random() < 0.7 else rng.choice(SHORT_REPLIES), False

    return expand(frame, case, slot_text)


# Words that open a line of a form, a note or a message ("update: ...", "Reason: ...").
LABELS = """update fyi todo edit note notes reason plan agenda subject status result results summary caption weather
location time date diagnosis comment comments outcome action tip reminder question answer ingreso alta grund termin
motivo objet betreff onderwerp oggetto assunto""".split()


def form_lines(first, last, vocabulary, rng):
    """Lines of a form or message header, each opened by a label and a colon ("Celular: ...", "Termin: ...",
    "Dx: ..."), which a speaker's name in a chat resembles; sometimes a name as the value."""
    text, spans = b"", []
    for line in range(rng.randint(2, 5)):
        roll = rng.random()
        if roll < 0.4:
            language = rng.choice(sorted(WORDS))
            label = rng.choice(WORDS[language])
        elif roll < 0.6:
            label = rng.choice(vocabulary)
        elif roll < 0.8:
            label = rng.choice(NOT_NAMES + ROLES + LABS + LABELS)
        else:
            label = rng.choice(HEADINGS)
        case = rng.random()
        label = label.upper() if case < 0.1 else label.lower() if case < 0.45 else label[0].upper() + label[1:]
        text += (b"\n" if line else b"") + label.encode("utf-8") + rng.choice([b": ", b":", b" : "])
        value = rng.random()
        if value < 0.2:
            name = render_name(first, last, rng, False).encode("utf-8")
            spans.append({"start": len(text), "end": len(text) + len(name), "type": "NAME"})
            text += name
        elif value < 0.6:
            text += " ".join(str(rng.randint(10, 9999)) for _ in range(rng.randint(1, 3))).encode("utf-8")
        else:
            words = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 3)))
            text += (words.capitalize() if rng.random() < 0.4 else words).encode("utf-8")
    return text, spans


# Form labels in the languages of the scripts in NATIVE: those a person's name follows, and those of other fields.
NAME_LABELS = {
    "cyrillic": "Имя ФИО Фамилия Пациент Врач Контакт Менеджер Клиент Получатель Отправитель Ім'я Прізвище Пацієнт "
                "Лікар Одержувач Име Лекар Пациентка",
    "greek": "Όνομα Επώνυμο Ασθενής Ιατρός Υπεύθυνος Παραλήπτης",
    "arabic": "الاسم المريض الطبيب المرسل المستلم نام بیمار پزشک",
    "hebrew": "שם מטופל רופא נמען",
    "devanagari": "नाम मरीज़ डॉक्टर संपर्क प्राप्तकर्ता",
    "thai": "ชื่อ ผู้ป่วย แพทย์ ผู้ติดต่อ ผู้รับ",
    "georgian": "სახელი გვარი პაციენტი ექიმი",
    "hangul": "이름 성명 담당자 환자 의사 보호자 수령인 받는분",
    "chinese": "姓名 联系人 患者 医生 经理 收件人 负责人 聯絡人 負責人 病人",
    "japanese": "氏名 担当 担当者 患者名 お名前 申請者 医師 受取人",
}
OTHER_LABELS = {
    "cyrillic": "Телефон Адрес Дата Город Статус Комментарий Сумма Диагноз Тел Примечание Адреса Сума Коментар",
    "greek": "Τηλέφωνο Διεύθυνση Ημερομηνία Σχόλια Ποσό",
    "arabic": "الهاتف العنوان التاريخ ملاحظات المبلغ تلفن آدرس تاریخ",
    "hebrew": "טלפון כתובת תאריך הערות",
    "devanagari": "फ़ोन पता तारीख राशि टिप्पणी",
    "thai": "โทร ที่อยู่ วันที่ หมายเหตุ ยอดเงิน",
    "georgian": "ტელეფონი მისამართი თარიღი",
    "hangul": "전화 주소 날짜 메모 금액 연락처",
    "chinese": "电话 地址 日期 备注 金额 手机 電話 診斷",
    "japanese": "住所 電話 日付 備考 診断 携帯",
}
# How running text in the scripts written without spaces sets a name off: (before, after) it, an honorific included.
UNSPACED_FRAMES = {
    "chinese": [("", "："), ("，", "，"), ("（", "）"), (" ", " "), ("", "先生，"), ("", "女士，"), ("\n", "\n")],
    "japanese": [("", "："), ("、", "、"), ("「", "」"), ("、", "様、"), ("", "さん、"), ("", "様 "), (" ", " "), ("\n", "\n")],
    "thai": [(" ", " "), (" คุณ", " "), ("\n", " ")],
}
# Honorifics written onto a Korean name; the name's span takes them in, as the tagger labels whole words.
HONORIFIC_SUFFIXES = {"hangul": ["님", "씨", ""]}
# Words that stand where names do in those scripts and name no one: roles and kin that take the same honorifics and
# frames ("고객님", "the customer"; "快递员"), weekdays, months and cities.
NOT_NAMES_IN = {
    "hangul": "고객님 기사님 선생님 사장님 환자분 보호자님 회원님 담당자님 부장님 과장님 팀장님 원장님 어머님 아버님 "
              "간호사님 고객센터 주문번호 배송기사 택배기사 월요일 화요일 수요일 목요일 금요일 토요일 일요일 서울 부산",
    "chinese": "座机 客户 快递员 师傅 老师 经理 医生 护士 患者 家属 先生 女士 司机 店长 周一 周二 周三 周四 周五 周六 周日 "
               "星期一 星期五 北京 上海",
    "japanese": "担当者 お客様 患者様 看護師 受付 配達員 担当 店員 月曜日 金曜日 東京 大阪",
    "thai": "คุณหมอ พยาบาล ลูกค้า ผู้ป่วย เจ้าหน้าที่ พนักงาน วันจันทร์ วันศุกร์ กรุงเทพ เชียงใหม่",
    "cyrillic": "Понедельник Вторник Среда Четверг Пятница Суббота Воскресенье Январь Март Май Август Декабрь Москва "
                "Киев София Ленина Победы Врач Клиент Менеджер Понеділок Пʼятниця Київ Львів",
    "greek": "Δευτέρα Τρίτη Τετάρτη Πέμπτη Παρασκευή Σάββατο Κυριακή Ιανουάριος Μάιος Αθήνα Θεσσαλονίκη Γιατρός",
    "arabic": "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد القاهرة الرياض دبي الطبيب العميل",
    "hebrew": "ראשון שני שלישי רביעי חמישי שישי שבת ירושלים חיפה רופא לקוח",
    "devanagari": "सोमवार मंगलवार बुधवार गुरुवार शुक्रवार शनिवार रविवार दिल्ली मुंबई डॉक्टर ग्राहक",
}


class Writer:
    """Text being built as UTF-8 bytes, with the byte spans of the names put in it."""

    def __init__(self):
        self.text, self.spans = b"", []

    def put(self, piece, is_name=False):
        data = piece.encode("utf-8")
        if is_name:
            self.spans.append({"start": len(self.text), "end": len(self.text) + len(data), "type": "NAME"})
        self.text += data

    def result(self):
        return self.text, self.spans


def render_native_name(script, rng):
    """A person's name in one of the scripts of NATIVE, in the orders its writers use ("Смирнова Елена Викторовна",
    "王丽", "山田 太郎")."""
    lists = NATIVE[script]
    f, l = rng.choice(lists["first"]), rng.choice(lists["last"])
    roll = rng.random()
    if script in ("chinese", "japanese", "hangul"):
        if roll < 0.6:
            return l + (" " if script == "japanese" and rng.random() < 0.3 else "") + f
        return l if roll < 0.85 else f
    if lists["middle"] and roll < 0.2:
        name = l + " " + f + " " + rng.choice(lists["middle"])
    elif roll < 0.55:
        name = f + " " + l
    elif roll < 0.7:
        name = l + " " + f
    else:
        name = f if roll < 0.88 else l
    return casing(name, rng) if script in ("cyrillic", "greek") else name


def native_sentence(script, rng):
    """A translated message in `script`, mostly with a name of that script put in where its writers would set one
    off: between words, or in the scripts without spaces, at punctuation and with an honorific."""
    sentence = rng.choice(NATIVE_SENTENCES[script])
    name = render_native_name(script, rng)
    # A third of the time a word that names no one stands where the name would, framed the same way.
    is_name = script not in NOT_NAMES_IN or rng.random() < 0.67
    if not is_name:
        name = rng.choice(UNNAMED[script])
    if script in UNSPACED_SCRIPTS:
        out = Writer()
        if rng.random() < 0.35:
            out.put(sentence)
            return out.result()
        # At the start, or after a character that ends a word, so the name is not glued onto the word before it.
        cuts = [0] + [i + 1 for i, ch in enumerate(sentence) if not ch.isalpha()]
        cut = rng.choice(cuts)
        before, after = rng.choice(UNSPACED_FRAMES[script])
        out.put(sentence[:cut] + (before if cut else before.strip()))
        out.put(name, is_name)
        out.put(after + sentence[cut:])
        return out.result()
    suffix = rng.choice(HONORIFIC_SUFFIXES.get(script, [""])) if is_name else ""
    text, spans = words_with_a_name(sentence.split(), lambda: name + suffix, rng)
    return text, spans if is_name else []


def native_form(script, rng):
    """Lines of a form in `script`, each a label and a value; after a name label, mostly a name."""
    out = Writer()
    colon = "：" if script in ("chinese", "japanese") and rng.random() < 0.6 else ":"
    for line in range(rng.randint(2, 5)):
        name_field = rng.random() < 0.45
        label = rng.choice((NAME_LABELS if name_field else OTHER_LABELS)[script].split())
        out.put(("\n" if line else "") + label + colon + rng.choice(["", " "]))
        if name_field and rng.random() < 0.85:
            out.put(render_native_name(script, rng), True)
        elif rng.random() < 0.5:
            out.put(" ".join(str(rng.randint(10, 9999)) for _ in range(rng.randint(1, 3))))
        else:
            out.put(rng.choice(NATIVE_SENTENCES[script])[:rng.randint(4, 24)].strip())
    return out.result()


# How often each script's text is drawn, against 1 for the others: the scripts of the most populous countries, and
# the ones whose names are words of their own that the tagger must learn from many examples (Chinese, Japanese).
SCRIPT_WEIGHTS = {"chinese": 3, "japanese": 2, "hangul": 2, "cyrillic": 2, "arabic": 2, "devanagari": 2}


def native_text(rng):
    """Text in a script other than Latin: a translated message, a form or a chat, often naming someone in it."""
    scripts = sorted(NATIVE)
    script = rng.choices(scripts, [SCRIPT_WEIGHTS.get(script, 1) for script in scripts])[0]
    roll = rng.random()
    if roll < 0.5:
        return native_sentence(script, rng)
    if roll < 0.8:
        return native_form(script, rng)
    return chat_transcript(NATIVE[script]["first"], NATIVE[script]["last"], NATIVE_SENTENCES[script], rng)


def native_words(sentences):
    """The lower-case words of the translated messages in the scripts that space their words, and the words of
    NOT_NAMES_IN: the ordinary words of those languages, for the features. A word that is also a name ("이", "вид")
    stays on both lists, as "will" does in English."""
    words = {word.lower() for listed in NOT_NAMES_IN.values() for word in listed.split()}
    for script, lines in sentences.items():
        if script in UNSPACED_SCRIPTS:
            continue
        for line in lines:
            for word in re.findall(r"\w+", line.lower()):
                if len(word) >= 2 and word.isalpha():
                    words.add(word)
    return sorted(words)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fortunes", required=True)
    parser.add_argument("--word-lists-out", required=True, help="where to write the word lists the features read")
    parser.add_argument("--records", type=int, default=40000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    first, last, native = load_names()
    prose = name_free_sentences(args.fortunes)
    known = {name.lower() for name in first + last}
    global PLACES, WORDS, NATIVE, NATIVE_SENTENCES, UNNAMED
    PLACES = load_places(set(first) | set(last))
    WORDS, ordinary_names, feature_words = load_words(set(first) | set(last), 15000)
    interface, NATIVE_SENTENCES = load_ui_sentences()
    if not interface:
        sys.exit("generate_training: no message catalogs of " + ", ".join(UI_DOMAINS) + " in /usr/share/locale")
    # The form labels are not names, whatever Faker's lists hold ("שם", "नाम"); the words written as non-names are
    # only those that are no one's name ("София" is both, and stays a name).
    labels = {word for table in (NAME_LABELS, OTHER_LABELS) for words in table.values() for word in words.split()}
    NATIVE = {script: {kind: [name for name in names if name not in labels] for kind, names in kinds.items()}
              for script, kinds in native.items() if script in NATIVE_SENTENCES}
    native_names = {name for kinds in NATIVE.values() for names in kinds.values() for name in names}
    UNNAMED = {script: [word for word in words.split() if word not in native_names]
               for script, words in NOT_NAMES_IN.items()}
    native_first = sorted({name for kinds in NATIVE.values() for name in kinds["first"]})
    native_last = sorted({name for kinds in NATIVE.values() for name in kinds["last"] + kinds["middle"]})
    # A third of the names are left off the lists the features read while training, so the tagger also learns names
    # it has no list for from their shape and context, as it must for many names in real notes; the model lists them.
    listed = lambda name: hashlib.sha256(name.encode("utf-8")).digest()[0] % 3 != 0
    write_word_lists(args.word_lists_out, first + native_first, last + native_last, listed, PLACES, WORDS,
                     ordinary_names, feature_words + native_words(NATIVE_SENTENCES))
    vocabulary = sorted({w for sentence in prose for w in re.findall(r"[a-z]{3,}", sentence) if w not in known})
    print(f"generate_training: {len(first)} first names, {len(last)} surnames, {len(prose)} carrier sentences, "
          f"{len(vocabulary)} carrier words, {len(interface)} interface sentences, {len(PLACES)} places, "
          f"{sum(map(len, WORDS.values()))} listed words, names in {len(NATIVE)} other scripts",
          file=sys.stderr)
    for index in range(args.records):
        parts = []
        for _ in range(rng.randint(1, 4)):
            roll = rng.random()
            if roll < 0.45:
                parts.append(fill(rng.choice(TEMPLATES), first, last, vocabulary, rng))
            elif roll < 0.6:
                parts.append(fill(rng.choice(NEGATIVE_TEMPLATES), first, last, vocabulary, rng))
            elif roll < 0.66:
                parts.append(foreign_sentence(first, last, rng))
            elif roll < 0.72:
                parts.append(ui_sentence(interface, first, last, rng))
            elif roll < 0.8:
                piece = pronoun_sentence(rng.choice(prose), first, last, rng)
                parts.append(piece if piece else (rng.choice(prose).encode("utf-8"), []))
            elif roll < 0.85:
                parts.append(chat_transcript(first, last, prose, rng))
            elif roll < 0.9:
                parts.append(form_lines(first, last, vocabulary, rng))
            elif roll < 0.96:
                parts.append(native_text(rng))
            elif roll < 0.99:
                parts.append(kin_message(first, last, vocabulary, prose, rng))
            else:
                sentence = rng.choice(prose)
                parts.append(((sentence.upper() if rng.random() < 0.1 else sentence).encode("utf-8"), []))
        text, spans = b"", []
        for piece, piece_spans in parts:
            if text:
                text += b"\n" if rng.random() < 0.3 else b" "
            spans += [{"start": s["start"] + len(text), "end": s["end"] + len(text), "type": "NAME"}
                      for s in piece_spans]
            text += piece
        record = {"id": f"names-{index:06d}", "text": text.decode("utf-8"), "spans": spans}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
