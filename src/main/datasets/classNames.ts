/** Names of well-known datasets' classes, used when the source carries none. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]

/** '0', '1', … for `n` classes. */
export const numbered = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i))

/** Non-empty trimmed lines of a names file (CIFAR's batches.meta.txt, classes.txt). */
export function nameLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
}
