#!/usr/bin/env bash
# Installs what training needs on Debian 12: PyTorch, ONNX, NumPy and SciPy from Debian's packages
# (PyPI is not reachable on the project's machines), and OpenBLAS, without which torch falls back to
# the reference BLAS and trains about 18x slower.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-torch python3-onnx python3-numpy python3-scipy libopenblas0
/usr/bin/python3 -c "import torch, onnx; print('torch', torch.__version__, 'onnx', onnx.__version__)"
