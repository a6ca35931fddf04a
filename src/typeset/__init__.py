"""typeset: Chinese newspaper pages from YAML to print-ready PDF.

Pipeline, one package a stage: ``spec`` (YAML → resolved page) → ``layout`` (display
list + report, using ``text`` for CJK composition and ``fonts`` for metrics) →
``render`` (PDF, PNG). ``cli`` drives it.
"""

__version__ = "0.1.0"
