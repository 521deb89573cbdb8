// Stands in for @tensorflow/tfjs-backend-wasm, which face-api's node-wasm build re-exports but
// the parity tests never use (they run the pure JavaScript CPU backend); it is not installed.
module.exports = {};
