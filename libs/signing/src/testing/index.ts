export { SoftwareSigner } from './software-signer';
