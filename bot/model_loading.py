"""Rasa's NLU TensorFlow model (DIETClassifier's) built eagerly at load.

Rasa 3.6 loads each of its TensorFlow models (`rasa.utils.tensorflow.models.RasaModel.load`) by
creating the empty Keras model, running one training step on a stored example (`model.fit`) so that
every variable exists, and then reading the trained weights over them from the checkpoint. Keras
traces that one step into a graph first (autograph, forward pass and gradients): py-spy put it at 26
of the 48 s the Rasa server took to start (bench/results/model_size.md), for a step whose result is
overwritten at once. Run eagerly it creates the same variables without the trace. The weights are
then the checkpoint's as before, and prediction is traced into a graph as before, so the model answers
exactly as after Rasa's own loading (tests/bot/test_model_loading.py compares the two).

Only for DIET and the models built on it, the assistant's only TensorFlow model (the FAQ item is
chosen without TensorFlow, bot/faq_selector.py). TED's eager step would build its label layer in another
shape than its checkpoint's (and TEDPolicy.load then falls back to an untrained policy without a word),
should TED come back.

After each model's load the memory the loading freed goes back to the system (a garbage collection and
glibc's malloc_trim): some 60 MiB of Rasa's resident memory.

`install()` is called by bot/run_rasa.py, the Rasa server of `make run`, before Rasa loads the model.
"""
from __future__ import annotations

import ctypes
import gc
from typing import Any

from rasa.nlu.classifiers.diet_classifier import DIET
from rasa.utils.tensorflow.constants import RUN_EAGERLY
from rasa.utils.tensorflow.models import RasaModel

_RASA_LOAD = RasaModel.load.__func__
_MALLOC_TRIM = getattr(ctypes.CDLL(None), "malloc_trim", None)  # glibc's; None elsewhere


def _load(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """RasaModel.load, DIET's models built eagerly; then the freed memory goes back to the system."""
    load = _build_eagerly if issubclass(cls, DIET) else _RASA_LOAD
    model = load(
        cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
    )
    _release_freed_memory()
    return model


def _build_eagerly(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any,
    finetune_mode: bool,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """Rasa's load with the building step run eagerly, then the model as configured."""
    config = kwargs.get("config", {})
    eager = {**kwargs, "config": {**config, RUN_EAGERLY: True}}
    # finetune_mode=True: Rasa's load skips its warm-up prediction, which must not run eagerly.
    model = _RASA_LOAD(cls, model_file_name, model_data_example, None, True, *args, **eager)
    model.config[RUN_EAGERLY] = config.get(RUN_EAGERLY)
    model.run_eagerly = config.get(RUN_EAGERLY)
    if not finetune_mode and predict_data_example:
        model.run_inference(predict_data_example)  # traces the prediction graph, as Rasa's load does
    return model


def _release_freed_memory() -> None:
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def install() -> None:
    """Makes every later RasaModel.load go through `_load` (idempotent)."""
    RasaModel.load = classmethod(_load)


def uninstall() -> None:
    """Rasa's own loading again."""
    RasaModel.load = classmethod(_RASA_LOAD)
