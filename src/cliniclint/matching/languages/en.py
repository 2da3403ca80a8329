"""English word tables for the sentence facts (matching.facts)."""

from __future__ import annotations

import re

from cliniclint.matching.inflect import variants
from cliniclint.matching.languages import ROLES, Language

_FLAGS = re.IGNORECASE


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


# Words that deny what follows them in a clause. "no more", "not only" and "with no"
# are claims, not denials ("no more pain", "with no downtime"), so they are left out.
NEGATION = re.compile(
    # The boundary comes first: it fails at most places, the look-behinds it spares
    # do not.
    r"\b(?<!\bwith )(?<!\bwithout )"
    r"(?:not(?!\s+only\b|\s+just\b)|never|cannot|can't|can not|won't|don't|"
    r"doesn't|didn't|isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't|"
    r"shouldn't|wouldn't|couldn't|unable|nothing|none|neither|nor|nobody|"
    r"no(?!\s+(?:more|longer|need|matter|doubt|wonder|downtime|surgery|"
    r"side[- ]effects?|risks?|pain|scars?|needles?|incisions?|recovery)\b)"
    # "no safer way": nothing beats it, a boast; "No, it works on its own": the
    # answer to a question
    r"(?!\s+(?:better|faster|safer|easier|gentler)(?:\s+(?:or|and)\s+\w+)?\s+"
    r"(?:way|method|option|treatment|therapy|alternative)\b)(?![-,])|"
    r"lacks?|lacking|fail(?:s|ed)? to|unproven|unapproved|"
    # "insufficiently treated": the care is said to fall short
    r"insufficiently|inadequately|without (?:good |any |"
    r"solid |strong |reliable )?(?:evidence|proof))\b",
    _FLAGS,
)
# A denial inside a relative clause ("patients who have not responded") is about the
# patients, not the claim; one in a concession is not about the main clause.
RELATIVE_BEFORE = re.compile(
    r"\b(?:who|whom|whose|when|if|where|whether)\s+(?:\w+\s+){0,2}$|"
    # a concession ("while not confirmed, ...") does not deny the main clause
    r"\b(?:while|although|though|even though|even if)\s+(?:\w+\s+)?$",
    _FLAGS,
)
# "has not been shown/proven" after the claim's words still denies it.
DENIAL_AFTER = re.compile(
    r"\b(?:has|have|is|are|was|were)\s+(?:not|never)\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:shown|proven|proved|demonstrated|established|approved|found)\b|"
    r"\b(?:nothing|no (?:good |solid |reliable |scientific |real )?(?:evidence|proof|"
    r"data|studies|study|research)) (?:shows?|suggests?|supports?|proves?|that)\b|"
    # what is said of something that does not exist is not claimed
    r"\b(?:no longer|do not|don't|does not|doesn't|never)\s+exists?\b",
    _FLAGS,
)

QUESTION_END = re.compile(r"\?[\s\"'”’)*_]*$")
DID_YOU_KNOW = re.compile(r"\bdid\s+you\s+(?:\w+\s+)?know\b", _FLAGS)

HYPOTHETICAL = re.compile(
    r"\b(?:(?:may|might|could)\s+(?:\w+\s+)?(?:one day|someday|some day|eventually|"
    r"in (?:the )?future|in theory|in principle)|in theory|theoretically|"
    r"in the future|hope(?:s|d)? (?:to|that)|hopeful|the hope is|"
    r"(?:researchers|scientists|doctors) (?:hope|believe|think|suspect|speculate)|"
    r"would be (?:able|possible)|if (?:it|they|this|these) (?:were|could|prove)|"
    r"if\s+(?:\w+\s+){1,5}?ever)\b",
    _FLAGS,
)

_REPORTING = _words(
    r"claim(?:s|ed)?",
    r"assert(?:s|ed)?",
    r"alleg(?:es|ed)",
    r"advertis(?:es|ed|ing)",
    r"promot(?:es|ed|ing)",
    r"market(?:s|ed|ing)",
    r"tout(?:s|ed|ing)",
    r"promis(?:es|ed|ing)",
    r"suggest(?:s|ed)",
    r"impl(?:y|ies|ied)",
    r"stat(?:es|ed)",
    r"sa(?:y|ys|id)",
    r"told",
    r"boast(?:s|ed)",
    r"purport(?:s|ed)",
    r"insist(?:s|ed)",
    r"represent(?:s|ed)",
    r"describ(?:es|ed)",
    r"portray(?:s|ed)",
    r"pitch(?:es|ed)",
    r"sold",
    r"bill(?:s|ed)",
    r"offer(?:s|ed|ing)",
)
# Reported speech and third-party claims: the sentence reports what someone else says
# a treatment does. The speaker is not "we" or "I": a clinic quoting itself still
# makes the claim.
ATTRIBUTED = re.compile(
    # "according to our supplier" is the clinic's own voice
    r"\baccording to\b(?!\s+(?:us|our|we|me|my)\b)|"
    r"\bhaving (?:read|heard|been told)\b|\b(?:read|heard) that\b|"
    r"\bin (?:his|her|their|the|a) (?:[\w-]+(?:'s|’s)? )?(?:own )?words\b|"
    r"\bas (?:he|she|they|the \w+) (?:put|puts) it\b|"
    r"\bbeen told\b|\bwent (?:so|as) far as\b|\bmade (?:\w+\s+){0,2}claims?\b|"
    r"\b(?:claims?|promises?|assertions?|ads?|advertisements?|advertising|marketing|"
    r"websites?|posts?) (?:that|saying|suggesting|claiming|promising|of|for|"
    r"asserted|said|claimed|stated)\b|"
    r"\b(?:marketed|promoted|advertised|billed|touted|sold|pitched|presented|"
    r"portrayed|described|hyped|endorsed) (?:[\w-]+\s+){0,4}?(?:as|to)\b|"
    r"\b(?:some|many|other|these|those|such|certain|unlicensed|commercial|"
    r"unregulated|private|a lot of|lots of)\s+(?:\w+\s+)?(?:clinics|companies|firms|"
    r"providers|sellers|marketers|businesses|practitioners|websites|doctors|"
    r"physicians|clinicians|surgeons|chiropractors|osteopaths|physiotherapists|"
    r"physical therapists)\b|"
    # a profession's practice told in the third person ("physiotherapists treat
    # sprains", "clinicians have applied growth factors"); "our surgeons" is the
    # clinic's own voice
    r"\b(?:clinicians|physicians|surgeons|chiropractors|osteopaths|physiotherapists|"
    r"physical therapists|dentists|GPs)\s+(?:have\s+|often\s+|commonly\s+|also\s+|"
    r"usually\s+|may\s+|can\s+){0,2}(?:treat|treated|use|used|apply|applied|prescribe|"
    r"prescribed|recommend|recommended|refer|manage)\b|"
    r"\b(?:the|a|its|their|his|her)\s+(?:\w+\s+){0,2}?(?:clinic|company|firm|"
    r"business|defendants?|seller|marketer|provider|website|owner|founder|"
    r"chiropractor|practitioner|ads?|posts?)(?:'s)?\s+(?:also\s+)?"
    + _REPORTING
    + r"\b|"
    r"\b(?:experts?|witness(?:es)?|specialists|scientists|researchers|authors)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:say|says|said|warn|warns|warned|note|noted)\b|"
    r"\b(?:he|she|they|it)\s+(?:also\s+)?(?:claimed|asserted|alleged|advertised|"
    r"promised|boasted|insisted|purported|said)\b|"
    r"\b(?:market|markets|promote|promotes|advertise|advertises|sell|sells|pitch|"
    r"pitches|tout|touts|bill|bills) (?:[\w-]+\s+){0,4}?as\b|"
    r"\bby (?:advertising|promising|claiming|marketing|touting|offering|selling)\b|"
    # "anything that claims to cure": the claim belongs to what the sentence warns of
    r"\b(?:that|which)\s+(?:claims?|promises?|purports?)\s+to\b",
    _FLAGS,
)

# "We promise that ...": the clinic's own voice is not a report of another's claim.
OWN_VOICE = re.compile(r"\b(?:we|I|our|us)\s+(?:\w+\s+)?$", _FLAGS)

# Statute and regulator language: what the law requires or what an agency found.
REGULATORY = re.compile(
    r"\b(?:FD&C Act|FDCA|FTC Act|PHS Act|premarket|pre-market|biologics? licen[cs]e|"
    r"BLA|IND|investigational new drug|new drug applications?|warning letters?|"
    r"misbrand\w*|adulterat\w*|GRASE|CFR|U\.S\.C|regulated as|section \d+|"
    r"(?:is|are|was|were) (?:illegal|unlawful|prohibited|banned)|"
    r"the complaint|complaints? (?:alleges?|said|says)|"
    r"alleg(?:es|ed|ation|ations|edly)|"
    r"the court|(?:court|judge) (?:ruled|found|held)|ruled|judgment|settlement|"
    r"lawsuit|sued|charged|injunction|consent order|cease and desist|"
    r"attorneys? general|advertising (?:code|standards)|"
    # a guideline body's advice is standard care, not the clinic's claim
    r"(?:NICE|WHO|CDC|NIH|the NHS|(?:clinical |treatment )?guidelines?) (?:\w+ )?"
    r"(?:recommends?|advises?|suggests?)|(?:ASA|CAP|NAD) (?:ruled|found|"
    r"said|considered|concluded|noted|told)|in (?:the|our) (?:ASA's |agency's )?view|"
    r"consumers would (?:\w+\s+)?(?:understand|take|interpret|read|see)|"
    r"(?:must|should) be (?:backed|substantiated|supported)|"
    r"requires? (?:an? |FDA |premarket )?(?:approval|licen[cs]e|licensing|"
    r"substantiation|authori[sz]ation)|(?:need|needs|needed) (?:FDA |premarket )?"
    r"(?:approval|licen[cs]ing)|(?:any|a|the|such|these|those|simple|efficacy|health) "
    r"claims? (?:about|that|to|of|for|suggesting|will|would|must)|"
    r"(?:is|are|was|were|been|FDA) (?:\w+ )?approved (?:solely |only |just )?(?:for|to "
    r"treat|as a treatment)|FDA approves|"
    r"intended (?:for use )?(?:to|in the) (?:treat|cure|prevent|mitigate|diagnos)\w*"
    r"(?=.*\b(?:approv|drugs?\b|regulat|licen|premarket|biologics?\b)))\b|"
    # a regulator quoting copy: 'The FDA warns about clinics that say "..."'
    r"\b(?:FDA|FTC|TGA|ASA|MHRA|regulators?|the agency|the law|the statute|"
    r"warning letters?)\b[^\"\n]{0,80}\"",
    _FLAGS,
)

FIRST_OR_SECOND_PERSON = re.compile(
    r"\b(?:we|our|ours|us|I|my|me|you|your|yours)\b", _FLAGS
)
FIRST_PERSON_CLINIC = re.compile(r"\b(?:we|our|ours|us)\b", _FLAGS)
# "X is a procedure used to treat Y", "X is used for Y", "X describes a treatment".
DEFINITION = re.compile(
    r"\b(?:is|are)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:procedures?|treatments?|"
    r"therap(?:y|ies)|techniques?|methods?|medicines?|drugs?|medications?|types?|forms?|"
    r"kinds?|options?|class(?:es)?|devices?|products?)\s+(?:that\s+(?:is|are)\s+|"
    r"which\s+(?:is|are)\s+)?(?:often\s+|commonly\s+|sometimes\s+|mainly\s+|mostly\s+|"
    r"typically\s+|usually\s+)?(?:used|given|prescribed|offered|performed|applied)\b|"
    r"\b(?:is|are)\s+(?:often\s+|commonly\s+|sometimes\s+|also\s+|mainly\s+|mostly\s+|"
    r"typically\s+|usually\s+|generally\s+|widely\s+|currently\s+|increasingly\s+|"
    r"still\s+)?(?:used|given|prescribed|applied)(?:\s*,\s*\w+,\s*|\s+)(?:\w+\s+)?"
    r"(?:to\s+(?:treat|help|"
    r"manage|relieve|ease|reduce|control|prevent)|for|in|as|with|when)\b|"
    r"\b(?:describes|refers to|is defined as|is the name for|is a term for)\b|"
    r"\b(?:is|are)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:components?|fragments?|"
    r"pigments?)\s+(?:that|which)\b|"
    r"\b(?:is|are)\s+(?:an?\s+)?(?:chronic\s+|complex\s+)?(?:disease|disorder)s?\s+of\b|"
    # a list of the medicines for a condition: "drugs for treating gout include ..."
    r"\b(?:drugs|medicines|medications)\s+(?:used\s+)?(?:for|to)\s+(?:[\w-]+\s+){1,4}?"
    r"(?:\([^)]*\)\s+)?include\b|"
    # what a part of the body is there to do: "their main role is to repair tissue"
    r"\b(?:its|their|whose)\s+(?:\w+\s+)?(?:role|job|function|task|purpose)\s+is\s+to\b",
    _FLAGS,
)

RESEARCH = re.compile(
    r"\b(?:(?:is|are|was|were|being|been)\s+(?:now\s+|still\s+|currently\s+)?"
    r"(?:being\s+)?(?:studied|investigated|researched|tested|evaluated|explored|"
    r"examined|trialled|trialed)|clinical trials?\s+(?:is|are|have|has)\s+"
    r"(?:\w+\s+)?(?:underway|ongoing|testing|examining|evaluating|investigating|"
    r"looking|recruiting|under way)|under way|underway|NCT\d{8}|"
    r"(?:researchers|scientists|investigators|trials?|studies)\s+(?:\w+\s+)?"
    r"(?:are|is|have been)\s+"
    r"(?:\w+\s+)?(?:studying|examining|testing|investigating|exploring|evaluating|"
    r"looking|searching|working)|"
    # what a trial recorded: "no serious adverse events were reported in the trial"
    r"(?:was|were)\s+(?:\w+\s+)?(?:reported|seen|observed|recorded)\s+in\s+"
    r"(?:the|this|that|a|one|either|both|any)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:trials?|study|studies)\b|"
    r"(?:studies|trials|research)\s+(?:\w+\s+){0,2}?will\s+(?:\w+\s+)?"
    r"(?:clarify|show|determine|establish|tell|reveal)|"
    r"phase (?:I{1,3}|[123])(?:/(?:I{1,3}|[123]))?\b|randomi[sz]ed|"
    r"double-blind|placebo-controlled|trial registr\w*|systematic reviews?|"
    r"meta-analys[ie]s|(?:review|reviews) of the literature|(?:laboratory|lab|animal|"
    r"in vitro|preclinical|cell culture)\s+(?:studies|research|data|experiments)|"
    r"(?:more|further|additional|larger)\s+(?:\w+\s+)?(?:research|studies|trials|"
    r"evidence)\s+(?:is|are)\s+(?:still\s+)?(?:needed|required)|"
    r"(?:research|evidence|data)\s+(?:[\w'-]+\s+){0,8}?(?:is|are|remains?)\s+(?:still\s+)?"
    r"(?:ongoing|limited|preliminary|early|mixed|inconclusive|lacking|scarce|weak))\b",
    _FLAGS,
)

HEDGE = re.compile(
    r"\b(?:may|might|could|can potentially|potentially|possibly|possible|perhaps|"
    r"has the potential|have the potential|shows? promise|promising|is thought to|"
    r"are thought to|is believed to|are believed to|appears? to|seems? to|"
    r"some patients|in some cases|for some people|suggests?|preliminary)\b",
    _FLAGS,
)

# Prevalence and epidemiology: "affects 12% of adults", "the leading cause of".
STATISTIC = re.compile(
    r"(?:\b\d[\d,.]*\s?(?:%|percent|per cent|million|billion)|"
    r"\b(?:one|1|two|2|three|3)\s+(?:in|out of)\s+(?:every\s+)?\d+|"
    r"\b(?:half|a third|a quarter|most|many|millions)"
    r")\s+(?:of\s+)?(?:all\s+)?(?:the\s+)?(?:\w+\s+){0,2}?(?:people|adults|americans|"
    r"men|women|children|kids|seniors|individuals|persons|population|patients with|"
    r"those (?:aged|over|with)|cases|deaths|adults aged|people aged|of us)\b|"
    r"\b(?:affects?|affecting|afflicts?|prevalence|incidence|each year|every year|"
    r"per year|a year|annually|worldwide|globally|around the (?:world|globe))\b|"
    r"(?:#\s?1|number one|no\. 1|leading|most common|top|main|biggest|major)\s+"
    r"(?:\w+\s+)?(?:causes?|reasons?|sources?|risk factors?|forms?|types?|kinds?) "
    r"(?:of|for)\b|"
    r"\bamong the (?:top|leading|most common) (?:\w+\s+)?causes\b",
    _FLAGS,
)
# A statistic about the clinic's own results is a claim, not epidemiology.
OWN_RESULTS = re.compile(
    r"\b(?:our|we|treated|after (?:treatment|therapy|the)|improved|improvement|"
    r"success|responded|respond|better|relief|got|gotten|felt|feel|"
    r"report(?:ed)?\s+(?:\w+\s+)?(?:improvements?|relief|less|fewer|better|feeling|"
    r"results?|benefits?)|"
    r"reduc\w*|lower\w*|decreas\w*|prevent\w*|protect\w*|help\w*|treat\w*|"
    r"cur(?:e|es|ed|ing)|heal\w*|boost\w*|reliev\w*|eas(?:e|es|ed|ing)|fight\w*|"
    r"regulat\w*|restor\w*|repair\w*|revers\w*|cut|cuts|stop\w*|eliminat\w*|"
    r"work(?:s|ed)?)\b",
    _FLAGS,
)

# Honest talk of harms: "can cause infections", "side effects include".
RISK = re.compile(
    r"\b(?:side[- ]effects?|adverse (?:events?|effects?|reactions?|outcomes?)|"
    r"toxicit(?:y|ies)|toxic|harm(?:ful)?\s+(?:effects?|to)|(?:serious|potential|"
    r"significant)\s+harms?|dangerous|danger to|life[- ]threatening|fatal|deaths?|"
    r"poisoning|overdose|boxed warning|black box|safety concerns?|complications?|"
    r"drawbacks?|disadvantages?|downsides?|"
    r"contaminat\w*|(?<!\bwhich )(?<!\bthat )(?:can|may|could|might|will) "
    r"(?:also |potentially |even )?"
    r"(?:cause|lead to|result in|pose|interfere|impair|worsen|trigger))\b|"
    r"(?<!\bat )(?<!\bat high )(?<!\bat higher )(?<!\bat increased )"
    r"\brisks?\s+(?:of|for|to|from|including|associated|include)\b",
    _FLAGS,
)


# "lowers the risk of", "no risk of": a benefit or a promise, not a harm.
# "There is no cure for emphysema", "migraine can't be cured".
NO_CURE = re.compile(
    r"\b(?:no|not a|without a)\s+(?:known\s+|real\s+|definitive\s+|permanent\s+)?"
    r"cure\b|"
    r"\bcan(?:not|'t|\s+not)\s+(?:yet\s+)?be\s+cured\b|\bincurable\b",
    _FLAGS,
)

# "More research is needed", "the evidence is limited", "trials found no difference".
EVIDENCE_LIMITS = re.compile(
    r"\b(?:more|further|additional|larger|better)\s+(?:\w+\s+)?(?:research|studies|"
    r"trials|evidence)\s+(?:is|are|would be)\s+(?:still\s+)?(?:needed|required|"
    r"necessary|worthwhile)\b|"
    r"\b(?:evidence|data|research|results?)\s+(?:[\w-]+\s+){0,12}?(?:is|are|was|were|"
    r"remains?)\s+(?:still\s+)?(?:somewhat\s+|rather\s+|very\s+|quite\s+)?"
    r"(?:not\s+extensive|limited|weak|mixed|inconclusive|"
    r"conflicting|insufficient|unclear|lacking|scarce)\b|"
    r"\b(?:limited|little|weak|scant|low-quality)\s+(?:amount\s+of\s+)?"
    r"(?:evidence|data)\b|\bis\s+not\s+extensive\b|"
    # "these testimonials are not evidence": what is offered is said not to prove
    r"\b(?:is|are)\s+not\s+(?:\w+\s+)?(?:evidence|proof)\b|"
    r"\bfound\s+no\s+(?:\w+\s+)?(?:evidence|difference|benefit|effect|improvement)\b",
    _FLAGS,
)

# "Help" as a noun ("asks for help", "outside help", not "help with") and "lower"
# as the first half of a compound ("a lower-calorie diet"): no effect is claimed.
NOUN_USE = re.compile(
    r"\b(?:for|outside|without|no|any|extra|professional|medical)\s+help\b"
    r"(?!\s+(?:with|for|to)\b)|\blower-(?=\w)|"
    # "typical healing times": healing as a noun that nothing acts on ("cuts healing
    # time" still claims)
    r"\b(?:typical|normal|usual|average|expected)\s+healing\s+(?:times?|periods?|"
    r"process(?:es)?|rates?|phases?|stages?)\b|"
    # "levels get out of balance": balance as a noun
    r"\bout\s+of\s+balance\b",
    _FLAGS,
)

# The harms a product is said to lessen ("counteracts the side effects of statins")
# are what it sells, not harms it admits.
RISK_AS_BENEFIT = re.compile(
    r"\b(?:reduc\w*|lower\w*|decreas\w*|minimi\w*|cut\w*|prevent\w*|protect\w* "
    r"against|combat\w*|counteract\w*|reliev\w*|alleviat\w*|eas(?:e|es|ed|ing)|"
    r"fight\w*|offset\w*|no|zero|minimal|low|without)\s+"
    r"(?:the\s+|your\s+|their\s+|its\s+|any\s+)?(?:\w+\s+)?$",
    _FLAGS,
)

# Frequent short words, for a first guess at a block's language.
FUNCTION_WORDS = re.compile(
    r"\b(?:the|and|of|to|with|for|is|are|this|that|your|our|you|it|on|be)\b", _FLAGS
)

# "PRP injections": the noun that says how the treatment is sold.
TREATMENT_NOUN = re.compile(
    r"[ -](?:injections?|infusions?|therapy|therapies|treatments?|shots?|drips?|"
    r"procedures?|sessions?)\b",
    _FLAGS,
)
# Standard care as the means of a claim, named by the term that follows it: "hard to
# treat with conventional methods", or advice to take it: "if you need pain relief that
# day, you may take acetaminophen".
MEANS = re.compile(
    r"\s*(?:with|by|using|through)\s+(?:\w+\s+){0,2}$|"
    r"[^.;:!?]{0,40}?,\s+(?:(?:you\s+)?(?:may|can|could|should)\s+)?(?:take|use|try)\s+"
    r"(?:\w+\s+){0,2}$",
    _FLAGS,
)


# Words a singular noun ends in although it ends in "s".
_SINGULAR_S = re.compile(r"(?:ss|us|is|ics|sis|ous)$", re.IGNORECASE)


def plural(noun: str) -> bool:
    """English plurals end in "s"; the head noun is the last word."""
    words = noun.split()
    last = words[-1] if words else noun
    return last.lower().endswith("s") and not _SINGULAR_S.search(last)


LANGUAGE = Language(
    code="en",
    name="English",
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
    lists={role: role for role in ROLES},
    variants=variants,
    plural=plural,
    agreement={
        "is": ("is", "are"),
        "has": ("has", "have"),
        "it": ("it", "they"),
        "It": ("It", "They"),
        "its": ("its", "their"),
    },
    generic_treatment="this treatment",
)
