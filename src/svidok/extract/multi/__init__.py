"""Extraction for reports in languages other than English.

Ukrainian and Russian run on spaCy's blank `uk`/`ru` languages with pymorphy3 lemmas and cases;
Polish, French, Spanish and German on spaCy's blank languages with simplemma lemmas. The word
lists each language needs live in data (src/svidok/data/lang/<code>.yaml and the taxonomy's
`lang:` cues), the code here is the same for every language. The output is the English
pipeline's: Mention objects whose spans point into the original text.
"""
