/** train.py: DistributedDataParallel training of the exported Net on data.npz, for torchrun. */
export function trainScript(name: string): string {
  return `"""Train ${name} (exported from Blockwise) with DistributedDataParallel.

    torchrun --standalone --nproc_per_node=2 train.py --epochs 1 --limit 512   # CPU: gloo; GPUs: nccl, one process each

(torch 1.13 on Python 3.11, e.g. Debian 12, needs "torchrun --redirects 1 --tee 1 ...".)

Starts from the exported weights (model.safetensors; --scratch for fresh ones), reads data.npz
(uint8 images NHWC, labels, and the normalisation MEAN/STD), writes checkpoint.pt on rank 0.
"""
import argparse
import os

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

from model import Net, load_safetensors


def tensors(data, split, limit):
    images = data[f"x_{split}"][:limit]
    labels = data[f"y_{split}"][:limit]
    mean = torch.tensor(data["mean"], dtype=torch.float32).view(1, -1, 1, 1)
    std = torch.tensor(data["std"], dtype=torch.float32).view(1, -1, 1, 1)
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float()
    return TensorDataset((x - mean) / std, torch.from_numpy(labels.astype(np.int64)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data.npz")
    parser.add_argument("--weights", default="model.safetensors")
    parser.add_argument("--scratch", action="store_true", help="start from fresh weights")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64, help="per process")
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N examples of each split")
    parser.add_argument("--out", default="checkpoint.pt")
    args = parser.parse_args()

    cuda = torch.cuda.is_available()
    dist.init_process_group("nccl" if cuda else "gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")
    if cuda:
        torch.cuda.set_device(device)
    torch.manual_seed(0)

    model = Net()
    if not args.scratch:
        model.load_state_dict(load_safetensors(args.weights))
    if cuda and world > 1:
        model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    model.to(device)
    ddp = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None)

    data = np.load(args.data)
    train = tensors(data, "train", args.limit)
    sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=0)
    loader = DataLoader(train, batch_size=args.batch_size, sampler=sampler)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay)
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        ddp.train()
        totals = torch.zeros(3, device=device)  # loss sum, correct, examples
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            logits = ddp(x)
            loss = loss_fn(logits, y)
            loss.backward()
            optimizer.step()
            totals += torch.stack([loss.detach() * len(y), (logits.argmax(1) == y).sum().float(), torch.tensor(float(len(y)), device=device)])
        dist.all_reduce(totals)
        if rank == 0:
            loss, correct, count = totals.tolist()
            print(f"epoch {epoch + 1}/{args.epochs}: loss {loss / count:.4f}, accuracy {correct / count:.4f} ({int(count)} examples, {world} processes)", flush=True)

    if rank == 0:
        if "x_test" in data.files and len(data["x_test"]) > 0:
            test = tensors(data, "test", args.limit)
            model.eval()
            correct = 0
            with torch.no_grad():
                for x, y in DataLoader(test, batch_size=256):
                    correct += (model(x.to(device)).argmax(1).cpu() == y).sum().item()
            print(f"test accuracy {correct / len(test):.4f} ({len(test)} examples)", flush=True)
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epochs": args.epochs}, args.out)
        print(f"wrote {args.out}", flush=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
`
}
