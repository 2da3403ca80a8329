"""Spanish word tables for the sentence facts (matching.facts)."""

from __future__ import annotations

import re

from cliniclint.matching.languages import ROLES, Language
from cliniclint.matching.languages.romance import make_variants, plural_head

_FLAGS = re.IGNORECASE

# Claims that start with "no" ("no más dolor", "no tiene efectos secundarios", "no
# requiere cirugía") promise something; they are not denials.
_CLAIM_AFTER_NO = (
    r"(?:\w+\s+){0,2}?(?:más|solo|sólo|solamente|riesgos?|efectos|rechazo|dolor|"
    r"cirugías?|quirófano|cicatri\w*|agujas?|incisi\w+|reposo|recuperación|"
    r"hospitali\w+|anestesia)\b"
)
NEGATION = re.compile(
    r"\b(?:no(?!\s+" + _CLAIM_AFTER_NO + r")|nunca(?!\s+más\b)|jamás|tampoco|"
    r"ningun[oa]?|nada|nadie|ni|carece[n]? de|sin (?:\w+\s+)?(?:evidencia|pruebas|"
    r"respaldo|aprobación|autorización)|no\s+existen?|no\s+hay\s+(?:cura|evidencia|"
    r"pruebas))\b",
    _FLAGS,
)
# A denial in a relative clause ("pacientes que no responden") is about the
# patients; one in a concession ("aunque no ...") is not about the main clause.
RELATIVE_BEFORE = re.compile(
    r"\b(?:(?:pacientes|personas|quienes|aquellos|aquellas)\s+que|quien(?:es)?|"
    r"cuando|si|donde|cuy[oa]s?|aunque|si bien|incluso si)\s+(?:\w+\s+){0,2}$",
    _FLAGS,
)
DENIAL_AFTER = re.compile(
    r"\bno\s+(?:\w+\s+){0,2}?(?:demostrad|probad|comprobad|aprobad|establecid|"
    r"autorizad|respaldad|validad)[oa]s?\b",
    _FLAGS,
)
QUESTION_END = re.compile(r"\?[\s\"'”’)*_]*$")
DID_YOU_KNOW = re.compile(r"\bsab[íi]as\s+(?:\w+\s+)?que\b", _FLAGS)
HYPOTHETICAL = re.compile(
    r"\b(?:(?:podría|podrían|podrá|podrán)\s+(?:\w+\s+)?(?:algún día|en el futuro|"
    r"en teoría|eventualmente)|en teoría|teóricamente|en el futuro|se espera que|"
    r"esperan que|la esperanza es|(?:los\s+)?(?:investigadores|científicos)\s+"
    r"(?:esperan|creen|piensan))\b",
    _FLAGS,
)
ATTRIBUTED = re.compile(
    # "según nuestros médicos": a clinic quoting itself still makes the claim.
    r"\b(?:según|de acuerdo con)\b(?!\s+(?:nuestr\w+|nosotros|mis?|yo)\b)|"
    r"\b(?:algunas|muchas|otras|ciertas|estas|esas|varias)\s+(?:\w+\s+)?(?:clínicas|"
    r"empresas|compañías|páginas|sitios|vendedores|proveedores|redes sociales)\b|"
    r"\b(?:prometen|aseguran|afirman|anuncian|publicitan|presumen)\s+que\b|"
    r"\b(?:anuncios|publicidad|promesas|afirmaciones)\s+(?:que|de|como)\b|"
    r"\bse\s+(?:promociona|anuncia|vende|publicita|presenta)n?\s+como\b|"
    r"\ben (?:las )?redes sociales\b",
    _FLAGS,
)
OWN_VOICE = re.compile(r"\b(?:nosotros|yo|nuestr[oa]s?)\s+(?:\w+\s+)?$", _FLAGS)
REGULATORY = re.compile(
    r"\b(?:Ley General de Salud|Real Decreto|reglamento|(?:la\s+)?(?:COFEPRIS|AEMPS|"
    r"ANMAT|INVIMA|FDA|EMA|autoridad sanitaria)\s+(?:\w+\s+)?(?:advierte|alerta|"
    r"prohíbe|exige|ha advertido|recuerda|señala|sancion\w*)|alerta sanitaria|"
    r"(?:es|son)\s+(?:ilegal(?:es)?|prohibid[oa]s?)|está(?:n)?\s+prohibid[oa]s?|"
    r"requiere(?:n)?\s+(?:\w+\s+)?(?:autorización|registro sanitario|aprobación)|"
    r"artículo \d+|sanci[oó]n\w*|demanda\w*|tribunal\w*)\b",
    _FLAGS,
)
FIRST_OR_SECOND_PERSON = re.compile(
    r"\b(?:nosotros|nuestr[oa]s?|nos|yo|mi|mis|me|usted|ustedes|tú|tu|tus|te|"
    r"ofrecemos|realizamos|aplicamos|recomendamos|contamos|utilizamos|usamos|"
    r"tratamos)\b",
    _FLAGS,
)
FIRST_PERSON_CLINIC = re.compile(
    r"\b(?:nosotros|nuestr[oa]s?|ofrecemos|realizamos|aplicamos|recomendamos|"
    r"contamos|utilizamos|usamos|tratamos)\b",
    _FLAGS,
)
DEFINITION = re.compile(
    r"\b(?:es|son)\s+(?:un|una|el|la|los|las)?\s*(?:[\w-]+\s+){0,3}?(?:procedimientos?|"
    r"tratamientos?|terapias?|técnicas?|métodos?|medicamentos?|fármacos?|tipos?|"
    r"formas?|opciones?|productos?)\s+(?:que\s+(?:se\s+)?)?(?:utiliza|usa|emplea|"
    r"aplica|indica|prescribe)\w*|"
    r"\bse\s+(?:utiliza|usa|emplea|aplica|define|conoce|clasifica)n?\s+(?:como|para|en)\b|"
    r"\b(?:se refiere a|se define como|consiste en)\b|"
    # biology, not an offer: "las plaquetas son células cuya función es ..."
    r"\b(?:es|son)\s+(?:un|una|unos|unas)?\s*(?:células|moléculas|proteínas|"
    r"vesículas|sustancias|componentes|fragmentos)\s+(?:\w+\s+){0,3}?(?:que|cuy[oa]s?)\b",
    _FLAGS,
)
RESEARCH = re.compile(
    r"\b(?:(?:está|están|es|son|ha sido|han sido|sigue|siguen)\s+(?:siendo\s+)?"
    r"(?:estudiad|investigad|evaluad)\w*|en (?:fase de )?(?:investigación|estudio)|"
    r"ensayos? clínicos? (?:en curso|controlados|aleatorizados)|NCT\d{8}|"
    r"fase (?:I{1,3}|[123])|aleatorizad\w*|doble ciego|placebo|"
    r"(?:estudios|investigaciones) (?:en animales|de laboratorio|preclínic\w+|"
    r"in vitro)|(?:se necesitan|hacen falta|faltan)\s+(?:más\s+)?(?:estudios|"
    r"investigaciones|ensayos|pruebas)|(?:la evidencia|los datos|la investigación)\s+"
    r"(?:[\w-]+\s+){0,6}?(?:es|son|sigue siendo|siguen siendo)\s+(?:aún\s+|"
    r"todavía\s+)?(?:limitad|preliminar|escas|insuficiente|experimental)\w*)",
    _FLAGS,
)
HEDGE = re.compile(
    r"\b(?:puede|pueden|podría|podrían|posiblemente|potencialmente|quizás?|"
    r"tal vez|tiene el potencial|tienen el potencial|prometedor\w*|parece|parecen|"
    r"se cree que|algunos pacientes|en algunos casos|sugiere\w*|preliminar\w*)\b",
    _FLAGS,
)
STATISTIC = re.compile(
    r"(?:\b\d[\d,.]*\s?(?:%|por ciento|millones?)\s+(?:de\s+)?(?:las?\s+|los\s+)?"
    r"(?:personas|adultos|mexicanos|españoles|mujeres|hombres|niños|pacientes con|"
    r"casos|muertes|población)|\b(?:afecta|afectan|prevalencia|incidencia|"
    r"cada año|al año|anualmente|en todo el mundo|a nivel mundial)\b|"
    r"\b(?:principal|primera)\s+causa\s+de\b)",
    _FLAGS,
)
OWN_RESULTS = re.compile(
    r"\b(?:nuestr\w+|tratad\w+|mejor\w*|éxito|respond\w+|alivi\w+|reduc\w+|"
    r"disminu\w+|ayud\w+|cur[aóe]\w*|san[aó]\w*|regener\w+|repar\w+|revert\w+|"
    r"elimin\w+|funciona\w*)\b",
    _FLAGS,
)
RISK = re.compile(
    r"\b(?:efectos? (?:secundarios?|adversos?)|eventos? adversos?|reacciones? "
    r"(?:adversas?|alérgicas?)|complicaci[oó]n\w*|toxicidad|tóxic\w+|peligros\w*|"
    r"mortal\w*|muerte|riesgos?\s+(?:de|para|incluyen|asociados|como)|"
    r"(?:puede|pueden|podría|podrían)\s+(?:también\s+)?(?:causar|provocar|producir|"
    r"generar|empeorar))\b",
    _FLAGS,
)
# "reduce el riesgo de", "sin riesgo de": a benefit or a promise, not a harm.
# "No tiene cura", "no se puede curar", "es incurable".
NO_CURE = re.compile(
    r"\b(?:no\s+(?:tiene|hay|existe)|sin)\s+(?:una\s+)?cura\b|"
    r"\bno\s+se\s+puede\s+curar\b|\bincurable\b",
    _FLAGS,
)

# "Se necesitan más estudios", "la evidencia es limitada".
# "ayuda" as a noun ("pedir ayuda"): no effect is claimed.
NOUN_USE = re.compile(r"\b(?:pedir|sin|buscar|ninguna|cualquier)\s+ayuda\b", _FLAGS)

EVIDENCE_LIMITS = re.compile(
    r"\b(?:se\s+necesitan?|hacen\s+falta|requiere[n]?)\s+más\s+(?:estudios|"
    r"investigaci[óo]n|ensayos)\b|\b(?:evidencia|pruebas)\s+(?:es|son|sigue\s+siendo)"
    r"\s+(?:limitada|escasa|insuficiente|d[ée]bil)s?\b|"
    r"\b(?:poca|escasa|limitada)\s+evidencia\b",
    _FLAGS,
)

RISK_AS_BENEFIT = re.compile(
    r"\b(?:reduc\w*|dismin\w*|minimi\w*|evita\w*|previen\w*|sin|ningún|ninguna|"
    r"cero|mínim[oa]s?|bajo|baja|no hay|no tiene|no presenta)\s+(?:el\s+|la\s+|"
    r"los\s+|las\s+|su\s+|sus\s+|cualquier\s+)?(?:\w+\s+)?$",
    _FLAGS,
)

# Frequent short words, for a first guess at a block's language.
FUNCTION_WORDS = re.compile(
    # Not "son", "a": English words or letters too.
    r"\b(?:el|la|los|las|del|que|y|en|con|para|por|una|es|su|sus|se|al)\b",
    _FLAGS,
)

# "PRP injections": the noun that says how the treatment is sold.
TREATMENT_NOUN = re.compile(
    r"[ -](?:inyecci(?:ón|ones)|infusi(?:ón|ones)|infiltraci(?:ón|ones)|terapias?|"
    r"tratamientos?|sesi(?:ón|ones)|sueros?)\b",
    _FLAGS,
)
# "difícil de tratar con métodos convencionales": standard care as the means.
MEANS = re.compile(r"\s*(?:con|mediante|usando|a través de)\s+(?:\w+\s+){0,2}$", _FLAGS)


def _noun_plural(word: str) -> str | None:
    if word.endswith(("s", "x")):
        return None
    if word.endswith("ión"):
        return word[:-3] + "iones"
    if word.endswith("z"):
        return word[:-1] + "ces"
    if word[-1] in "aeiouéó":
        return word + "s"
    return word + "es"


_ENDINGS = {
    "ar": ("a", "an", "amos", "ó", "aron", "ará", "arán", "ando", "ado", "ada"),
    "er": ("e", "en", "emos", "ió", "ieron", "erá", "erán", "iendo", "ido", "ida"),
    "ir": ("e", "en", "imos", "ió", "ieron", "irá", "irán", "iendo", "ido", "ida"),
}


def _conjugate(verb: str) -> list[str]:
    stem, ending = verb[:-2], verb[-2:]
    return [stem + e for e in _ENDINGS[ending]]


# Verbs whose forms the rules above get wrong: every form but the infinitive.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "revertir": ("revierte", "revierten", "revirtió", "revirtiendo", "revertido"),
    "prevenir": ("previene", "previenen", "previno", "previniendo", "prevenido"),
    "devolver": ("devuelve", "devuelven", "devolvió", "devolviendo", "devuelto"),
    "reducir": ("reduce", "reducen", "redujo", "redujeron", "reduciendo", "reducido"),
    "producir": ("produce", "producen", "produjo", "produciendo", "producido"),
    "resolver": ("resuelve", "resuelven", "resolvió", "resolviendo", "resuelto"),
    "fortalecer": ("fortalece", "fortalecen", "fortaleció", "fortaleciendo"),
    "rejuvenecer": ("rejuvenece", "rejuvenecen", "rejuveneció", "rejuveneciendo"),
    "favorecer": ("favorece", "favorecen", "favoreció", "favoreciendo"),
    "desaparecer": ("desaparece", "desaparecen", "desapareció", "desaparecido"),
    "restablecer": ("restablece", "restablecen", "restableció", "restableciendo"),
    "detener": ("detiene", "detienen", "detuvo", "deteniendo", "detenido"),
}

LANGUAGE = Language(
    code="es",
    name="Spanish",
    negation=NEGATION,
    relative_before=RELATIVE_BEFORE,
    denial_after=DENIAL_AFTER,
    question_end=QUESTION_END,
    did_you_know=DID_YOU_KNOW,
    hypothetical=HYPOTHETICAL,
    attributed=ATTRIBUTED,
    own_voice=OWN_VOICE,
    regulatory=REGULATORY,
    first_or_second_person=FIRST_OR_SECOND_PERSON,
    first_person_clinic=FIRST_PERSON_CLINIC,
    definition=DEFINITION,
    research=RESEARCH,
    hedge=HEDGE,
    statistic=STATISTIC,
    own_results=OWN_RESULTS,
    risk=RISK,
    risk_as_benefit=RISK_AS_BENEFIT,
    no_cure=NO_CURE,
    evidence_limits=EVIDENCE_LIMITS,
    noun_use=NOUN_USE,
    means=MEANS,
    function_words=FUNCTION_WORDS,
    treatment_noun=TREATMENT_NOUN,
    lists={role: "es-" + role for role in ROLES},
    variants=make_variants(_noun_plural, _conjugate, IRREGULAR),
    plural=plural_head,
    agreement={"es": ("es", "son"), "esta": ("está", "están")},
    and_word="y",
    generic_treatment="este tratamiento",
)
