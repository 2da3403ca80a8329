"""Portuguese word tables for the sentence facts (matching.facts)."""

from __future__ import annotations

import re

from cliniclint.matching.languages import ROLES, Language
from cliniclint.matching.languages.romance import make_variants, plural_head

_FLAGS = re.IGNORECASE

# Claims that start with "não" ("não tem efeitos colaterais", "não precisa de
# cirurgia") promise something; they are not denials.
_CLAIM_AFTER_NAO = (
    r"(?:[\w-]+\s+){0,3}?(?:só|somente|apenas|riscos?|efeitos|rejeição|dor|"
    r"cirurgias?|centro cirúrgico|cicatri\w*|agulhas?|incis\w+|repouso|"
    r"recuperação|internaç\w+|anestesia)\b"
)
NEGATION = re.compile(
    r"\b(?:n[ãa]o(?!\s+" + _CLAIM_AFTER_NAO + r")|nunca(?!\s+mais\b)|jamais|"
    r"tampouco|nenhum[a]?|nada|ninguém|nem|carece[m]? de|sem (?:\w+\s+)?"
    r"(?:evidências?|provas|comprovação|respaldo|aprovação|autorização))\b",
    _FLAGS,
)
RELATIVE_BEFORE = re.compile(
    r"\b(?:(?:pacientes|pessoas|aqueles|aquelas)\s+que|quem|quando|se|onde|"
    r"cuj[oa]s?|embora|mesmo que|ainda que)\s+(?:[\w-]+\s+){0,2}$",
    _FLAGS,
)
DENIAL_AFTER = re.compile(
    r"\bn[ãa]o\s+(?:[\w-]+\s+){0,2}?(?:comprovad|demonstrad|provad|aprovad|"
    r"autorizad|estabelecid|validad|reconhecid)[oa]s?\b",
    _FLAGS,
)
QUESTION_END = re.compile(r"\?[\s\"'”’)*_]*$")
DID_YOU_KNOW = re.compile(r"\b(?:voc[êe]\s+)?sabia\s+que\b", _FLAGS)
HYPOTHETICAL = re.compile(
    r"\b(?:(?:poderá|poderão|poderia|poderiam)\s+(?:\w+\s+)?(?:um dia|no futuro|"
    r"em teoria|eventualmente)|em teoria|teoricamente|no futuro|espera-se que|"
    r"esperam que|a esperança é|(?:os\s+)?(?:pesquisadores|cientistas)\s+"
    r"(?:esperam|acreditam|pensam))\b",
    _FLAGS,
)
ATTRIBUTED = re.compile(
    # "segundo nossos médicos": a clinic quoting itself still makes the claim.
    r"\bde acordo com\b(?!\s+(?:noss\w+|nós|eu|meus?|minhas?)\b)|"
    r"\bsegundo (?:a|o|as|os) (?!dia\b|ano\b|lugar\b|passo\b|noss\w+)|"
    r"\b(?:algumas|muitas|outras|certas|essas|estas|várias)\s+(?:\w+\s+)?(?:clínicas|"
    r"empresas|páginas|sites|vendedores|fornecedores)\b|"
    r"\b(?:prometem|afirmam|garantem|anunciam|alegam|dizem)\s+que\b|"
    r"\b(?:anúncios|propagandas?|promessas|alegações)\b|"
    r"\b(?:vendid|anunciad|promovid|apresentad)[oa]s?\s+como\b|"
    r"\bnas redes sociais\b",
    _FLAGS,
)
OWN_VOICE = re.compile(r"\b(?:nós|eu|noss[oa]s?)\s+(?:\w+\s+)?$", _FLAGS)
REGULATORY = re.compile(
    r"\b(?:RDC\s*(?:n[º°.]?\s*)?\d+|Resolução|Lei\s+n?[º°.]?\s*\d|"
    r"(?:a\s+|o\s+)?(?:Anvisa|CFM|Conselho Federal de Medicina|FDA|autoridade "
    r"sanitária)\s+(?:\w+\s+)?(?:proíbe|alerta|adverte|determina|exige|proibiu|"
    r"alertou|não reconhece|considera)|(?:é|são)\s+(?:ilegal|ilegais|proibid[oa]s?)|"
    r"exige\w*\s+(?:\w+\s+)?(?:registro|autorização|aprovação)|"
    r"artigo \d+|processad[oa]s?|tribunal|multad[oa]s?)\b",
    _FLAGS,
)
FIRST_OR_SECOND_PERSON = re.compile(
    r"\b(?:nós|noss[oa]s?|eu|meu|minha|meus|minhas|você|vocês|te|ti|"
    r"oferecemos|realizamos|aplicamos|recomendamos|contamos|utilizamos|usamos|"
    r"tratamos|uso)\b",
    _FLAGS,
)
FIRST_PERSON_CLINIC = re.compile(
    r"\b(?:nós|noss[oa]s?|oferecemos|realizamos|aplicamos|recomendamos|contamos|"
    r"utilizamos|usamos|tratamos)\b",
    _FLAGS,
)
DEFINITION = re.compile(
    r"\b(?:é|são)\s+(?:um|uma|o|a|os|as)?\s*(?:[\w-]+\s+){0,3}?(?:procedimentos?|"
    r"tratamentos?|terapias?|técnicas?|métodos?|medicamentos?|tipos?|formas?|"
    r"opções|opção|produtos?|recursos?)\s+(?:que\s+)?(?:utilizad|usad|empregad|"
    r"aplicad|indicad)\w*|"
    r"\b(?:é|são)\s+(?:utilizad|usad|empregad|indicad)[oa]s?\s+(?:para|em|como|no|"
    r"na)\b|\b(?:refere-se a|se refere a|é definid[oa] como|consiste em)\b|"
    # biology, not an offer: "as plaquetas são células cuja função é ..."
    r"\b(?:é|são)\s+(?:um|uma|uns|umas)?\s*(?:células|moléculas|proteínas|"
    r"vesículas|substâncias|componentes|fragmentos)\s+(?:\w+\s+){0,3}?(?:que|cuj[oa]s?)\b",
    _FLAGS,
)
RESEARCH = re.compile(
    r"\b(?:(?:está|estão|é|são|foi|foram|vem sendo|vêm sendo|segue|seguem)\s+"
    r"(?:sendo\s+)?(?:estudad|investigad|avaliad|pesquisad)\w*|em (?:fase de )?"
    r"(?:pesquisa|estudo)|(?:ensaios?|estudos?) clínicos? (?:em andamento|"
    r"controlados|randomizados)|NCT\d{8}|fase (?:I{1,3}|[123])|randomizad\w*|"
    r"duplo-cego|placebo|(?:estudos|pesquisas) (?:em animais|de laboratório|"
    r"pré-clínic\w+|in vitro)|(?:são necessários|faltam)\s+(?:mais\s+)?(?:estudos|"
    r"pesquisas|ensaios)|(?:a evidência|as evidências|os dados|a pesquisa)\s+"
    r"(?:[\w-]+\s+){0,6}?(?:é|são|ainda é|ainda são|continua|continuam)\s+"
    r"(?:ainda\s+)?(?:limitad|preliminar|escass|insuficiente|experimental)\w*)",
    _FLAGS,
)
HEDGE = re.compile(
    r"\b(?:pode|podem|poderia|poderiam|possivelmente|potencialmente|talvez|"
    r"tem o potencial|têm o potencial|promissor\w*|parece|parecem|acredita-se|"
    r"alguns pacientes|em alguns casos|sugere\w*|preliminar\w*)\b",
    _FLAGS,
)
STATISTIC = re.compile(
    r"(?:\b\d[\d,.]*\s?(?:%|por cento|milhões|milhão)\s+(?:de\s+)?(?:as?\s+|os\s+)?"
    r"(?:pessoas|adultos|brasileiros|mulheres|homens|crianças|pacientes com|casos|"
    r"mortes|população)|\b(?:afeta|afetam|prevalência|incidência|a cada ano|"
    r"por ano|anualmente|no mundo todo|em todo o mundo|mundialmente)\b|"
    r"\bprincipal\s+causa\s+de\b)",
    _FLAGS,
)
OWN_RESULTS = re.compile(
    r"\b(?:noss\w+|tratad\w+|melhor\w*|sucesso|respond\w+|alivi\w+|reduz\w*|"
    r"reduç\w+|diminu\w+|ajud\w+|cur[aoe]\w*|regener\w+|repar\w+|revert\w+|"
    r"elimin\w+|funciona\w*)\b",
    _FLAGS,
)
RISK = re.compile(
    r"\b(?:efeitos? (?:colaterais|adversos?|secundários?)|eventos? adversos?|"
    r"reaç(?:ão|ões) (?:adversas?|alérgicas?)|complicaç\w+|toxicidade|tóxic\w+|"
    r"perigos\w*|fatal|morte|sobrecarga|riscos?\s+(?:de|para|incluem|associados|"
    r"como)|(?:pode|podem|poderia|poderiam)\s+(?:também\s+)?(?:causar|provocar|"
    r"gerar|piorar|levar a))\b",
    _FLAGS,
)
# "Não tem cura", "não pode ser curada", "é incurável".
NO_CURE = re.compile(
    r"\b(?:não\s+(?:tem|há|existe)|sem)\s+(?:uma\s+)?cura\b|"
    r"\bnão\s+pode\s+ser\s+curad[ao]s?\b|\bincurável\b",
    _FLAGS,
)

# "São necessários mais estudos", "a evidência é limitada".
# "ajuda" as a noun ("pedir ajuda"): no effect is claimed.
NOUN_USE = re.compile(r"\b(?:pedir|sem|procurar|nenhuma|qualquer)\s+ajuda\b", _FLAGS)

EVIDENCE_LIMITS = re.compile(
    r"\b(?:são\s+necessári[oa]s|é\s+necessári[oa]|faltam)\s+mais\s+(?:estudos|"
    r"pesquisas|ensaios)\b|\bevid[êe]ncias?\s+(?:é|são|ainda\s+é)\s+(?:limitada|"
    r"escassa|insuficiente|fraca)s?\b|\b(?:pouca|escassa|limitada)\s+evid[êe]ncia\b",
    _FLAGS,
)

RISK_AS_BENEFIT = re.compile(
    r"\b(?:reduz\w*|diminu\w*|minimiz\w*|evita\w*|previne\w*|sem|nenhum|nenhuma|"
    r"zero|mínim[oa]s?|baixo|baixa|não há|não tem|não apresenta)\s+(?:o\s+|a\s+|"
    r"os\s+|as\s+|seu\s+|sua\s+|qualquer\s+)?(?:\w+\s+)?$",
    _FLAGS,
)

# Frequent short words, for a first guess at a block's language.
FUNCTION_WORDS = re.compile(
    # Not "as", "no", "do", "a", "e": English words or letters too.
    r"\b(?:o|os|da|dos|das|que|em|com|para|por|uma|é|são|seu|sua|não|na|ao)\b",
    _FLAGS,
)

# "PRP injections": the noun that says how the treatment is sold.
TREATMENT_NOUN = re.compile(
    r"[ -](?:injeç(?:ão|ões)|infus(?:ão|ões)|infiltraç(?:ão|ões)|terapias?|"
    r"tratamentos?|sess(?:ão|ões)|soros?)\b",
    _FLAGS,
)
# "difícil de tratar com métodos convencionais": standard care as the means.
MEANS = re.compile(
    r"\s*(?:com|por meio de|usando|através de)\s+(?:\w+\s+){0,2}$", _FLAGS
)


def _noun_plural(word: str) -> str | None:
    if word.endswith(("s", "x")):
        return None
    if word.endswith("ão"):
        return word[:-2] + "ões"
    if word.endswith("m"):
        return word[:-1] + "ns"
    if word.endswith(("al", "el", "ol", "ul")):
        return word[:-1] + "is"
    if word.endswith(("r", "z")):
        return word + "es"
    return word + "s"


_ENDINGS = {
    "ar": ("a", "am", "amos", "ou", "aram", "ará", "arão", "ando", "ado", "ada"),
    "er": ("e", "em", "emos", "eu", "eram", "erá", "erão", "endo", "ido", "ida"),
    "ir": ("e", "em", "imos", "iu", "iram", "irá", "irão", "indo", "ido", "ida"),
}


def _conjugate(verb: str) -> list[str]:
    stem, ending = verb[:-2], verb[-2:]
    return [stem + e for e in _ENDINGS[ending]]


# Verbs whose forms the rules above get wrong: every form but the infinitive.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "reduzir": ("reduz", "reduzem", "reduziu", "reduzindo", "reduzido"),
    "prevenir": ("previne", "previnem", "preveniu", "prevenindo", "prevenido"),
    "produzir": ("produz", "produzem", "produziu", "produzindo", "produzido"),
    "trazer": ("traz", "trazem", "trouxe", "trazendo"),
    "devolver": ("devolve", "devolvem", "devolveu", "devolvendo", "devolvido"),
    "fazer": ("faz", "fazem", "fez", "fazendo", "feito"),
}

LANGUAGE = Language(
    code="pt",
    name="Portuguese",
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
    lists={role: "pt-" + role for role in ROLES},
    variants=make_variants(_noun_plural, _conjugate, IRREGULAR),
    plural=plural_head,
    agreement={"e": ("é", "são"), "esta": ("está", "estão")},
    and_word="e",
    generic_treatment="este tratamento",
)
