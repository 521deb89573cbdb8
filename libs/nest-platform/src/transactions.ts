import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

declare const transactionBrand: unique symbol;

/** An open database transaction, opaque outside repositories (which unwrap it with `managerOf`). */
export type Transaction = { readonly [transactionBrand]: true };

export function managerOf(transaction: Transaction): EntityManager {
  return transaction as unknown as EntityManager;
}

/** Runs work in one database transaction: everything in it is written, or nothing is. */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(manager as unknown as Transaction));
  }
}
