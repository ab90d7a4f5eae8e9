"""The Dask engine scores exactly as the local engine does, row for row, on either scheduler."""

from __future__ import annotations

import dask
import pandas as pd
import pytest
from distributed import LocalCluster

from scoring.batch import BatchError, BatchSettings, run_dask, run_local


def read_back(path) -> pd.DataFrame:
    if str(path).endswith(".parquet"):
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture
def local_output(tmp_path, model_path, articles):
    articles.loc[2, "text"] = ""  # an error row must come out the same way too
    articles.loc[4, "title"] = "=SUM(A1:A9)"
    articles.to_csv(tmp_path / "in.csv", index=False)
    articles.to_parquet(tmp_path / "in.parquet", index=False)
    run_local(
        BatchSettings(
            input=str(tmp_path / "in.csv"), output=str(tmp_path / "local.csv"), model=model_path
        )
    )
    return read_back(tmp_path / "local.csv")


def dask_settings(tmp_path, model_path, source="in.csv", output="dask.csv") -> BatchSettings:
    return BatchSettings(
        input=str(tmp_path / source), output=str(tmp_path / output), model=model_path,
        outlet_col="outlet", outlet_summary=str(tmp_path / "outlets.csv"),
    )  # fmt: skip


def test_synchronous_scheduler_matches_the_local_engine(tmp_path, model_path, local_output):
    with dask.config.set(scheduler="synchronous"):
        totals = run_dask(dask_settings(tmp_path, model_path))
    assert read_back(tmp_path / "dask.csv").equals(local_output)
    assert (totals.rows, totals.errors) == (len(local_output), 1)
    assert pd.read_csv(tmp_path / "outlets.csv")["articles"].sum() == len(local_output) - 1


def test_local_cluster_matches_the_local_engine_from_parquet_to_parquet(
    tmp_path, model_path, local_output
):
    settings = dask_settings(tmp_path, model_path, "in.parquet", "dask.parquet")
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        run_dask(settings, scheduler=cluster.scheduler_address)
    got = read_back(tmp_path / "dask.parquet")
    expected = pd.read_csv(tmp_path / "local.csv", keep_default_na=False, na_values={"score": [""]})
    assert list(got.columns) == list(expected.columns)
    assert list(got["id"]) == list(expected["id"])
    assert got["score"].to_numpy() == pytest.approx(expected["score"].to_numpy(), nan_ok=True)
    assert list(got["title"]) == list(
        expected["title"].str.removeprefix("'")
    )  # Parquet is not a spreadsheet


def test_dask_engine_refuses_stdin(tmp_path, model_path):
    with pytest.raises(BatchError, match="not stdin or stdout"):
        run_dask(BatchSettings(input="-", output=str(tmp_path / "out.csv"), model=model_path))
