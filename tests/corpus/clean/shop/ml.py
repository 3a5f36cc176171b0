"""Review sentiment: a fine-tuned classifier loaded from our own checkpoints."""

import numpy as np
import pandas as pd
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

BASE_MODEL = "distilbert-base-uncased-finetuned-sst-2-english"


def load_classifier(checkpoint: str):
    model = AutoModelForSequenceClassification.from_pretrained(BASE_MODEL)
    state = torch.load(checkpoint, map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    model.eval()
    return model, AutoTokenizer.from_pretrained(BASE_MODEL)


def load_embeddings(path: str) -> np.ndarray:
    return np.load(path)


def margins(products: pd.DataFrame) -> pd.DataFrame:
    return products.eval("margin = price - cost")
