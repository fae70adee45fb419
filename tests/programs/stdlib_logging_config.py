# min-version: 3.12
# logging.config.dictConfig: formatters, filters, handlers (ext://, MemoryHandler target), loggers, root, disable_existing_loggers, incremental, ValueError chains
import logging, logging.config, sys
early = logging.getLogger("early")
early_child = logging.getLogger("app.sub")
logging.config.dictConfig({
    "version": 1,
    "formatters": {
        "brief": {"format": "%(levelname)s %(name)s: %(message)s"},
        "curly": {"format": "{name}|{message}", "style": "{"},
    },
    "filters": {"onlyapp": {"name": "app"}},
    "handlers": {
        "out": {"class": "logging.StreamHandler", "formatter": "brief", "stream": "ext://sys.stdout", "level": "DEBUG"},
        "curly": {"class": "logging.StreamHandler", "formatter": "curly", "stream": "ext://sys.stdout", "filters": ["onlyapp"]},
        "mem": {"class": "logging.handlers.MemoryHandler", "capacity": 2, "target": "out"},
    },
    "loggers": {
        "app": {"level": "INFO", "handlers": ["out", "curly"], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": ["out"]},
})
log = logging.getLogger("app")
log.info("info from app")
log.debug("hidden")
logging.getLogger("app.sub").warning("from the child")
early.warning("early logger is disabled")
print(early.disabled, early_child.disabled, logging.getLogger("app.sub").propagate)
logging.warning("root warning")
print(logging.root.handlers, [h.name for h in log.handlers], logging.getHandlerNames() == frozenset({"out", "curly", "mem"}))
for bad in ({}, {"version": 2}, {"version": 1, "handlers": {"h": {"class": "logging.NoSuchHandler"}}},
            {"version": 1, "handlers": {"h": {"class": "logging.StreamHandler", "formatter": "nope"}}},
            {"version": 1, "loggers": {"x": {"handlers": ["missing"]}}},
            {"version": 1, "formatters": {"f": {"format": "%(message)", "style": "%"}}}):
    try:
        logging.config.dictConfig(bad)
    except ValueError as e:
        print("ValueError", e, "| cause:", type(e.__cause__).__name__, e.__cause__)
logging.config.dictConfig({"version": 1, "disable_existing_loggers": False,
                           "handlers": {"h": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
                           "root": {"handlers": ["h"], "level": "INFO"}})
print(early.disabled, log.disabled)
logging.getLogger("app").info("app after reconfig")
logging.info("root after reconfig")
logging.config.dictConfig({"version": 1, "incremental": True, "root": {"level": "ERROR"}})
logging.info("filtered now")
logging.error("still shown")
