"""The words of the rules, in English and French, folded (lower case, no accents).

Kept as plain lists so that a reviewer can read what counts as a move: each list is one
role in a sentence. ``rules.py`` builds its patterns from them.
"""

from __future__ import annotations

import re

__all__ = [
    "AGENT_VERBS",
    "ALL_WORDS",
    "BLOCKING_CUES",
    "FILLERS",
    "FROM_TO_VERBS",
    "GAP_WORDS",
    "JOIN_VERBS",
    "LEAVE_LINKS",
    "LEAVE_VERBS",
    "LOSING_VERBS",
    "NAME_STOPWORDS",
    "NAMING_VERBS",
    "ORG_SUFFIXES",
    "PARTICLES",
    "PASSIVE_VERBS",
    "PLACES",
    "words",
]


def words(*phrases: str) -> list[str]:
    """Split space-separated alternatives written with ``|``: ``words("a|b c")`` -> ['a', 'b c']."""
    out: list[str] = []
    for phrase in phrases:
        out.extend(p.strip() for p in phrase.split("|") if p.strip())
    return out


# The subject (a person) moves to the object (an org): "P joined O", "P rejoint O".
JOIN_VERBS = words(
    "join|joins|joined|joining|rejoin|rejoins|rejoined|rejoining|re-join|re-joined",
    "return to|returns to|returned to|returning to",
    "move to|moves to|moved to|moving to|head to|heads to|headed to|heading to",
    "depart for|departs for|departed for|departing for|depart to|departs to|departed to|departing to",
    "defect to|defects to|defected to|defecting to|decamp to|decamps to|decamped to|decamping to",
    "jump to|jumps to|jumped to|jumping to|jumped ship to|jumps ship to",
    "leave for|leaves for|left for|leaving for|go to|goes to|went to|going to",
    "start at|starts at|started at|starting at|land at|lands at|landed at|landing at",
    "sign with|signs with|signed with|signed on with|signed on at",
    "take a job at|takes a job at|took a job at|taking a job at",
    "accept an offer from|accepts an offer from|accepted an offer from|accepting an offer from",
    # French: rejoindre, intégrer, rallier, arriver/partir/passer/revenir chez ...
    "rejoint|rejoindre|rejoindra|rejoindront|rejoignent|rejoignait|rejoindrait",
    "integre|integrer|integrera|integrent|rallie|rallier|ralliera|rallient",
    "arrive chez|arrivee chez|arrives chez|arrivees chez|arrivera chez|arrivent chez|arriver chez",
    "debarque chez|debarquer chez|debarquera chez|file chez|filer chez|filera chez",
    "part chez|partir chez|partira chez|partent chez|parti chez|partie chez|partis chez|parties chez",
    "s'envole pour|s'envoler pour|envole pour|envolee pour|atterrit chez|atterri chez|atterrira chez",
    "revient chez|revenir chez|reviendra chez|revenu chez|revenue chez|retourne chez|retourner chez",
    "passe chez|passer chez|passera chez|passee chez|passent chez",
    "entre chez|entrer chez|entrera chez|entree chez|signe chez|signer chez|signera chez",
    "recrute chez|recrutee chez|recrutes chez|recrutees chez|embauche chez|embauchee chez",
    # Founding a company is joining it.
    "found|founds|founded|co-found|co-founds|co-founded|cofound|cofounds|cofounded|fonde|cofonde",
)

# The subject leaves the first org for the second: "P left O1 for O2", "P a quitté O1 pour O2".
LEAVE_VERBS = words(
    "leave|leaves|left|leaving|quit|quits|quitting|exit|exits|exited|exiting",
    "depart|departs|departed|departing",
    "quitte|quitter|quittera|quittent|quittait|quitteront",
)
# What joins the org left and the org joined after a LEAVE verb.
LEAVE_LINKS = words(
    "for|to join|to go to|to work at|to work for|and joined|and join|and joins|and is joining",
    "and has joined|and will join|, joining|and moved to|and went to",
    "pour|pour rejoindre|pour integrer|pour aller chez|pour partir chez|afin de rejoindre|et rejoint",
    "et a rejoint|et rejoindra|et va rejoindre|au profit de|pour s'engager chez",
)

# "P moved from O1 to O2", "P passe d'O1 à O2".
FROM_TO_VERBS = words(
    "move|moves|moved|moving|jump|jumps|jumped|jumping|switch|switches|switched|switching",
    "defect|defects|defected|defecting|go|goes|went|going|hop|hops|hopped|hopping|shift|shifted",
    "passe|passer|passera|passent|passee|passes|passees|transfere|transferee",
)

# An org (the subject) takes people on: "O hired P", "O a recruté P".
AGENT_VERBS = words(
    "hire|hires|hired|hiring|hire away|hires away|hired away|hiring away",
    "poach|poaches|poached|poaching|poached away|recruit|recruits|recruited|recruiting",
    "lure|lures|lured|luring|lured away|snap up|snaps up|snapped up|snapping up",
    "bring on|brings on|brought on|bringing on|bring in|brings in|brought in|bringing in",
    "tap|taps|tapped|tapping|nab|nabs|nabbed|nabbing|snag|snags|snagged|snagging",
    "pick up|picks up|picked up|land|lands|landed|welcome|welcomes|welcomed|onboard|onboarded",
    "add|adds|added|adding",
    "recrute|recruter|recrutera|recrutent|debauche|debaucher|debauchera|debauchent",
    "embauche|embaucher|embauchera|embauchent|attire|attirer|attirent|enrole|enroler",
    "chipe|chiper|arrache|arracher|s'offre|s'est offert|s'offrent|s'attache les services de",
)

# An org names someone to a post: a move only when the text also says where they came
# from (else it may be a promotion inside the org).
NAMING_VERBS = words(
    "name|names|named|naming|appoint|appoints|appointed|appointing|promote|promoted",
    "nomme|nommer|nommera|nomment|designe|designer",
)

# An org loses people to another: "OpenAI lost P to Meta", "Apple a perdu P au profit de Meta".
LOSING_VERBS = words("lose|loses|lost|losing|perd|perdre|perdu")

# A person (the subject) taken on by an org: "P was hired by O", "P a été débauché par O".
PASSIVE_VERBS = words(
    "hired|hired away|poached|poached away|recruited|recruited away|lured|lured away",
    "snapped up|tapped|nabbed|brought on|brought in|picked up",
    "recrute|recrutee|recrutes|recrutees|debauche|debauchee|debauches|debauchees",
    "embauche|embauchee|embauches|embauchees|attire|attiree|attires|chipe|chipee",
)

# Words that may stand between a subject (and its apposition) and its verb:
# auxiliaries, adverbs, time words. Anything else breaks the link.
GAP_WORDS = words(
    "has|have|had|is|are|was|were|will|would|shall|be|been|being|to|also|too|reportedly|recently",
    "officially|formally|quietly|now|just|finally|already|then|later|eventually|subsequently",
    "since|set|expected|due|poised|about|agreed|decided|soon|last|this|next|week|month|year|on",
    "in|earlier|early|late|both|all|together|each|who|which|himself|herself|themselves|ultimately",
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|effectively|once",
    "a|ont|est|sont|va|vont|vient|viennent|de|d'|s'apprete|s'appretent|deja|finalement|aussi",
    "officiellement|egalement|recemment|discretement|ensuite|puis|lundi|mardi|mercredi|jeudi",
    "vendredi|samedi|dimanche|hier|cette|semaine|ce|mois|en|le|dernier|derniere|desormais|qui",
    "aurait|auraient|se|sera|seront|bientot|annee|ete|fraichement|tous|toutes|deux|trois|lui|elle",
    "meme|eux|ainsi",
)

# Words allowed before the org joined: "joined the AI start-up Poolside", "rejoint la start-up H Company".
FILLERS = words(
    "the|a|an|its|their|his|her|rival|fellow|startup|start-up|company|firm|lab|laboratory|labs|ai",
    "artificial|intelligence|research|team|group|unit|division|new|newly|young|giant|maker",
    "developer|outfit|venture|tech|french|american|chinese|british|canadian|german|european|swiss",
    "israeli|japanese|korean|indian|parisian|at|of|chatbot|model|search|robotics|chipmaker",
    "la|le|les|l'|un|une|son|sa|ses|leur|jeune|pousse|societe|entreprise|laboratoire|equipe",
    "geant|groupe|unite|concurrent|concurrente|rivale|americain|americaine|francais|francaise",
    "parisien|parisienne|chinois|chinoise|britannique|californien|californienne|nouvelle|nouveau",
    "compatriote|de|d'|du|chez|pepite|licorne",
)

# Any of these in the sentence before the move, or inside it, makes it no move:
# negation, refusal, rumour, denial, an attempt or an offer.
BLOCKING_CUES = [
    r"\bnot\b", r"n't\b", r"\bnever\b", r"\bno longer\b", r"\bdeclin", r"\brefus", r"\bturned down\b",
    r"\bturns down\b", r"\breject", r"\bdenied\b", r"\bdenies\b", r"\bdeny", r"\bdenying\b",
    r"\bcould\b", r"\bmight\b", r"\bmay\b", r"\bin talks\b", r"\btalks\b",
    r"\bconsider(?:s|ed|ing)?\s+(?:joining|leaving|moving|a\s+move|an\s+offer|offers)",
    r"\bweigh(?:s|ed|ing)?\s+(?:an?\s+)?(?:offer|move)",
    r"\btried\b", r"\btries\b", r"\btrying\b", r"\battempt", r"\boffered\b", r"\boffers?\b(?! from)",
    r"\bhopes?\b", r"\bwants?\b", r"\bplans? to\b", r"\brumou?r", r"\bspeculat", r"\bif\b",
    r"\bne\b", r"\bn'", r"\bpas\b", r"\bjamais\b", r"\bpourrai", r"\benvisag", r"\bdiscussions?\b",
    r"\bpourparlers\b", r"\btente", r"\bcherch(?:e|ent|ait|aient)\s+a\b", r"\brumeur", r"\bdementi",
    r"\bdement", r"\bsi\b",
    r"\baurait pu\b", r"\bsouhait", r"\bapproached\b", r"\bcourted\b", r"\bcourting\b", r"\bapproche",
]

# Single words that close an unregistered org's name: "Liquid AI", "Acme Robotics".
ORG_SUFFIXES = set(words(
    "ai|labs|lab|inc|technologies|technology|robotics|research|systems|intelligence|institute",
    "university|capital|ventures|group|corp|corporation|computing|dynamics|networks|software",
    "studio|studios|bio|therapeutics|health|industries|semiconductor|agi|ml|sas|gmbh|ltd|llc",
    "foundation|analytics|cloud|motors|university's|universite|college|school|academy|center|centre",
))

# Two-word places and titles that look like a person's name.
PLACES = set(words(
    "san francisco|new york|los angeles|palo alto|menlo park|mountain view|silicon valley",
    "hong kong|wall street|white house|bay area|new delhi|tel aviv|abu dhabi|united states",
    "united kingdom|new jersey|las vegas|san diego|san jose|santa clara|south korea|north america",
    "les echos|le monde|le figaro|la tribune|financial times|new york times|the information",
    "wall street journal|washington post|tech crunch|silicon republic|station f|la defense",
))

# Name particles: "Jean-Luc de Villiers", "Pieter van der Berg", "Ana da Silva".
PARTICLES = set(words("de|du|des|van|von|der|den|da|di|dos|das|del|della|la|le|ter|ten|bin|al|el|y|zu"))

# Capitalised words that are never part of a person's name: sentence openers, titles,
# role words of headlines ("Former OpenAI Researcher Lucas Beyer Joins Meta"), places.
NAME_STOPWORDS = set(words(
    "the|a|an|in|on|at|for|from|after|before|but|and|or|as|he|she|they|it|his|her|their|this",
    "that|these|those|when|while|why|what|who|which|where|how|with|by|of|to|into|over|under|our",
    "we|i|you|meanwhile|according|several|many|some|most|all|both|three|two|four|five|one",
    "former|ex|ancien|ancienne|anciens|anciennes|new|veteran|longtime|star|top|senior|junior",
    "researcher|researchers|scientist|scientists|engineer|engineers|chief|head|founder|co-founder",
    "cofounder|president|director|vice|principal|lead|professor|prof|dr|mr|mrs|ms|sir|dame|m|mme",
    "mlle|me|pr|dean|partner|manager|executive|officer|chercheur|chercheuse|chercheurs|ingenieur",
    "ingenieure|directeur|directrice|fondateur|fondatrice|cofondateur|cofondatrice|president",
    "presidente|patron|patronne|responsable|le|la|les|l|un|une|des|du|de|d|selon|apres|avant|pour",
    "chez|il|elle|ils|elles|dans|en|et|mais|ou|contacte|contactee|depuis|lors|alors|ainsi",
    "french|american|chinese|british|german|canadian|swiss|japanese|korean|indian|israeli",
    "european|polish|italian|spanish|dutch|russian|francais|francaise|americain|americaine",
    "chinois|chinoise|britannique|allemand|allemande|europeen|europeenne|speculation|sources",
    "related|exclusive|breaking|update|report|reports|analysis|opinion|monday|tuesday|wednesday",
    "thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
    "january|february|march|april|may|june|july|august|september|october|november|december",
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre",
    "london|paris|zurich|londres|seattle|boston|toronto",
    "montreal|beijing|pekin|shanghai|tokyo|berlin|munich|bay|area|california|europe|asia|america",
    "ceo|cto|cso|coo|cfo|vp|ai|agi|llm|gpt|tech|big|labs|lab|team|said|says|told|added|yes|no",
    "mister|madame|monsieur|professeur|docteur|avec|sans|sur|sous|par|vers|entre|comme|quand",
    "google|gemini|llama|claude|chatgpt|grok|copilot|siri|alexa|magistral|codex|sora",
))


def _all_words() -> set[str]:
    out: set[str] = set()
    for group in (JOIN_VERBS, LEAVE_VERBS, LEAVE_LINKS, FROM_TO_VERBS, AGENT_VERBS, PASSIVE_VERBS, GAP_WORDS,
                  NAMING_VERBS, LOSING_VERBS):
        for phrase in group:
            out.update(w for w in re.split(r"[\s,]+", phrase) if len(w) > 2)
    return out


# Every verb and auxiliary of the rules: a capitalised one ("Joins", "Débauché") is no name.
ALL_WORDS = _all_words()
