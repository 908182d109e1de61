"""Discourse cue patterns: general English markers of argumentative moves.

These are the connectives and frames that writing guides teach for each move
(analysis, position, counter-argument, rebuttal, conclusion). They are features
for the discourse models and the rules baseline, not answers for one essay.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

#: Sentences that interpret evidence: "This shows...", "Therefore...".
ANALYSIS = re.compile(
    r"^(?:(?:this|that|these|those|it|which|such)(?:\s+\w+){0,3}?\s+"
    r"(?:again\s+|also\s+|clearly\s+|further\s+)?"
    r"(?:shows?|suggests?|proves?|demonstrates?|indicates?|implies|implied|means?|supports?|highlights?|"
    r"illustrates?|reveals?|confirms?|reinforces?|emphasi[sz]es|points? to|tells? us)\b"
    r"|(?:therefore|thus|hence|consequently|accordingly|clearly|evidently)\b"
    r"|(?:this|that) is (?:because|why|evidence|proof)\b"
    r"|(?:it is|it's) (?:clear|evident|apparent|obvious) (?:that|from)\b"
    r"|(?:from this|as such|in this way|for this reason)\b"
    r"|the fact that\b.{0,200}?\b(?:shows?|suggests?|proves?|demonstrates?|indicates?|means?|supports?)\b)",
    _I,
)
#: Analysis phrased inside a sentence: "..., which shows that...".
ANALYSIS_INLINE = re.compile(
    r"\b(?:which|this|that)\s+(?:again\s+|also\s+|clearly\s+)?"
    r"(?:shows?|suggests?|proves?|demonstrates?|indicates?|supports? the (?:idea|view|argument|claim))\b",
    _I,
)
#: An introduction or judgement that declines to answer: it restates the question, says it is
#: hard to decide, or announces what the essay will look at.
UNDECIDED = re.compile(
    r"\b(?:(?:difficult|hard|impossible|not easy) to (?:say|tell|decide|judge|know)|"
    r"(?:this essay|i) (?:will|shall|is going to|am going to) (?:consider|examine|explore|discuss|look at|assess|"
    r"investigate|weigh)|there are (?:arguments|points|reasons) (?:on|for) both sides|"
    r"historians (?:still |have long )?(?:disagree|debate|argue about))\b",
    _I,
)
#: Statements of the writer's position.
POSITION = re.compile(
    r"\b(?:i (?:believe|think|argue|would argue|agree|disagree|feel|contend|am convinced)|"
    r"in my (?:opinion|view)|i (?:will|shall|am going to|intend to) (?:argue|show|contend|suggest|demonstrate)|my (?:argument|view|contention|thesis|answer|case) is that|this essay (?:will )?(?:argue|argues|show|shows|contend|contends|suggest|suggests|conclude)|"
    r"(?:it|this) (?:can|could|will|must|should) (?:be|therefore be) (?:argued|seen|concluded|said)|"
    r"(?:difficult|hard|impossible) to (?:say|decide|tell|judge) whether|"
    r"the (?:main|most important|key|chief) (?:reason|cause|factor)|"
    r"was (?:mainly|largely|primarily|mostly|more|less) (?:a|an|the)\b|"
    r"(?:should|should not|shouldn't|must|ought to)\b)",
    _I,
)
#: Opposing views the writer reports.
COUNTER = re.compile(
    r"\b(?:some (?:people |historians |critics |scholars |may |might |would |could )?(?:argue|say|claim|believe|think|suggest)|"
    r"(?:others|critics|opponents|many people|historians such as \w+) (?:argue|say|claim|believe|think|suggest|have argued)|"
    r"on the other hand|it (?:could|can|may|might) be argued|one (?:could|might|may) argue|"
    r"(?:although|while|whilst|though) (?:some|others|it is true|many)|admittedly|"
    r"(?:an? )?(?:opposing|alternative|counter)[- ](?:view|argument|interpretation)|"
    r"(?:revisionist|soviet|liberal|marxist|western) historians)",
    _I,
)
#: Replies to an opposing view.
REBUTTAL = re.compile(
    r"^(?:however|but|nevertheless|nonetheless|yet|even so|despite this|in spite of this)\b|"
    r"\b(?:this (?:view|argument|claim|interpretation) (?:ignores|overlooks|fails|is flawed|is weak|is less convincing)|"
    r"(?:is|are) (?:less|not) convincing)\b",
    _I,
)
#: Openings of a conclusion.
CONCLUSION = re.compile(
    r"^(?:in conclusion|to conclude|to sum up|in summary|overall|ultimately|all in all|"
    r"in the end|on balance|taking everything into account|all things considered|to summari[sz]e)\b",
    _I,
)
#: Openings that introduce a new point, typical of a paragraph's claim.
CLAIM_OPENER = re.compile(
    r"^(?:firstly|secondly|thirdly|first(?:ly)?,|second,|third,|finally|another|a further|one (?:reason|factor|cause|way)|"
    r"the (?:first|second|third|main|most important|final) (?:reason|factor|cause|point|argument)|"
    r"there (?:is|are|was|were) (?:a |an |much |some |also |strong |a lot of |a majority of |plenty of |little )?"
    r"(?:evidence|reasons?|arguments?|factors?)|"
    r"(?:also|additionally|furthermore|moreover),? )",
    _I,
)
#: Markers of factual, evidential sentences: dates, numbers, quotations, named sources.
EVIDENCE_HINT = re.compile(
    r"\b(?:1[0-9]{3}|20[0-9]{2})\b|\d|[\"“”]|\baccording to\b|\bfor (?:example|instance)\b|\bsuch as\b|"
    r"\b(?:wrote|stated|said|recorded|reported)\b",
    _I,
)


def is_analysis(sentence: str) -> str | None:
    """The analysis cue that opens or marks ``sentence``, or None."""
    s = sentence.strip()
    m = ANALYSIS.match(s)
    if m:
        return " ".join(m.group(0).split()[:4])
    m = ANALYSIS_INLINE.search(s)
    if m and m.start() > 0:
        return m.group(0)
    return None


#: A sentence that opens by reporting an opposing view: high precision, used
#: by the decoder to mark a Counterclaim ("Some people argue...", "Critics
#: claim...", "It could be argued...", "There is, however, a case for...").
OPPOSING_VIEW = re.compile(
    r"^(?:(?:yes|admittedly|granted|of course|to be sure|true|now|however|but|still|then again|"
    r"on the other hand|in contrast|conversely),?\s+)?"
    r"(?:(?:(?:some|many|other|certain|a few)\s+(?:people|students|historians|critics|scholars|writers|"
    r"commentators|observers|parents|teachers|experts|readers|others)"
    r"|(?:historians|critics|scholars|writers|commentators|economists)(?=,?\s+(?:such as|like|including)\b))"
    # an aside naming them: "Many historians, such as Richard Pipes, argue..."
    r"(?:,?\s+(?:such as|like|including|notably)\s+[^,;]{1,60}?,?)?\s+"
    r"(?:may |might |would |could |will |often |also |still |do |have |had |has )?"
    r"(?:argue[sd]?|says?|said|claim(?:s|ed)?|believe[sd]?|think|thought|feel|felt|suggest(?:s|ed)?|"
    r"contend(?:s|ed)?|insist(?:s|ed)?|point(?:s|ed)? out|object(?:s|ed)?|disagree[sd]?)"
    r"|(?:others|critics|opponents|sceptics|skeptics|some)\s+(?:may |might |would |could |will )?"
    r"(?:argue|say|claim|believe|think|suggest|contend|insist|point out|object|disagree)"
    r"|(?:it|this) (?:could|can|may|might) (?:also )?be (?:argued|said|objected|claimed)"
    r"|(?:one|you|someone) (?:could|might|may) (?:argue|say|object|think|claim)"
    r"|admittedly|there is,? (?:however,? |of course,? )?(?:an?|some)\s+(?:\w+\s+)?(?:case|argument)\s+(?:for|that)"
    r"|(?:the|an?) (?:opposing|alternative|counter)[- ]?(?:view|argument|interpretation|claim)"
    r"|(?:those|people) who (?:disagree|oppose|argue|believe)"
    r"|there (?:are|is|will be) (?:some |many |also )?(?:people|those|others|critics|some) who "
    r"(?:think|believe|say|argue|feel|claim|disagree)"
    r"|(?:opponents|critics|supporters) of)\b",
    _I,
)
#: An opening that answers the view just reported ("However, ...", "Yet this
#: view ignores..."), used after an :data:`OPPOSING_VIEW` unit.
REPLY = re.compile(
    r"^(?:however|but|yet|nevertheless|nonetheless|still|even so|despite this|in spite of this|"
    r"(?:while|although) (?:this|that|it) (?:may|might|could) be (?:true|so)|that may be (?:true|so)|"
    r"i (?:disagree|do not agree|don't agree)|"
    r"(?:this|that|such an?|their|these) (?:view|argument|claim|interpretation|reasoning|case|idea)s? "
    r"(?:ignores?|overlooks?|fails?|confuses?|misses?|neglects?|overstates?|exaggerates?|understates?|"
    r"underestimates?|is (?:flawed|weak|mistaken|wrong|unconvincing|exaggerated|overstated)))\b",
    _I,
)
#: A concession opening ("Yes, ...", "It is true that...", "Granted, ..."):
#: a Counterclaim only when the next unit answers it (:data:`REPLY`).
CONCESSION = re.compile(
    r"^(?:yes\b|true,|granted\b|of course\b|certainly,|it is true that|it(?:'s| is) (?:certainly )?true that|"
    r"(?:while|although|though) it (?:is|may be) true|i (?:understand|admit|accept|acknowledge|agree) that|"
    r"(?:one|some|you|people) (?:may|might|could) think|it (?:may|might) (?:seem|appear))",
    _I,
)
#: A unit wholly in brackets: an aside, never a thesis or a claim.
PARENTHETICAL = re.compile(r"^\s*[(\[].*[)\]][.!?]?\s*$", re.DOTALL)

