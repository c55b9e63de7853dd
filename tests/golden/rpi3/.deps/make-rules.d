# What make-rules read when it last succeeded (written by schism).
$(O)/.deps/rules.mk: \
  $(O)/scenario.xml \
  /work/main/schism/__init__.py \
  /work/main/schism/cbi/__init__.py \
  /work/main/schism/cbi/phidias/__init__.py \
  /work/main/schism/chain.py \
  /work/main/schism/cli.py \
  /work/main/schism/deps.py \
  /work/main/schism/engine.py \
  /work/main/schism/errors.py \
  /work/main/schism/ext/__init__.py \
  /work/main/schism/ext/values.py \
  /work/main/schism/library.py \
  /work/main/schism/makerules.py \
  /work/main/schism/pipeline.py \
  /work/main/schism/resources.py \
  /work/main/schism/stages/__init__.py \
  /work/main/schism/stages/context.py \
  /work/main/schism/stages/xmlstage.py \
  /work/main/schism/validate.py \
  /work/main/schism/validated.py \
  /work/main/schism/xmlio.py \

$(O)/scenario.xml:
/work/main/schism/__init__.py:
/work/main/schism/cbi/__init__.py:
/work/main/schism/cbi/phidias/__init__.py:
/work/main/schism/chain.py:
/work/main/schism/cli.py:
/work/main/schism/deps.py:
/work/main/schism/engine.py:
/work/main/schism/errors.py:
/work/main/schism/ext/__init__.py:
/work/main/schism/ext/values.py:
/work/main/schism/library.py:
/work/main/schism/makerules.py:
/work/main/schism/pipeline.py:
/work/main/schism/resources.py:
/work/main/schism/stages/__init__.py:
/work/main/schism/stages/context.py:
/work/main/schism/stages/xmlstage.py:
/work/main/schism/validate.py:
/work/main/schism/validated.py:
/work/main/schism/xmlio.py:
