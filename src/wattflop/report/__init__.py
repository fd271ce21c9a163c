"""Views of a :class:`~wattflop.result.SiteResult` for people: plotly figures and a
self-contained HTML report (:func:`wattflop.report.html.render_report`).

The report only reads a result (and the scenario that produced it, for names and catalogue
values); it never runs physics.
"""
