export { managerOf, Transactions, type Transaction } from '@citizen-zero/nest-platform';
