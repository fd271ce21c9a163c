"""The routes of the web application, one router per resource; :func:`wattflop.web.app.
create_app` includes them in this order:

- :mod:`~wattflop.web.routes.page`: the page, its plotly.js, the favicon and the vendored
  files (not in the API schema);
- :mod:`~wattflop.web.routes.docs`: Swagger UI at ``/docs`` and ReDoc at ``/redoc``, offline;
- :mod:`~wattflop.web.routes.scenarios`: bundled scenarios, sliders, validation;
- :mod:`~wattflop.web.routes.simulate`: one site;
- :mod:`~wattflop.web.routes.studies`: compare, break-even, Monte Carlo;
- :mod:`~wattflop.web.routes.claims`: the public claims;
- :mod:`~wattflop.web.routes.jobs`: background computations.

Routes hold no domain decision: they validate the request, call the library (directly or
through :mod:`wattflop.web.compute` in a job) and shape the answer. What they share is the
application's :class:`~wattflop.web.state.WebState`, handed over by the ``State`` dependency.
"""
