// Trainer process entry: receives a start message, trains, reports through process.send.
export {}
