import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (≈ 20 ms here).
// 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot inline).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, so an unknown email answers no faster than a wrong password. */
  async verifyAgainstNothing(password: string): Promise<void> {
    this.dummy ??= this.hash('a password no account has, used for timing only');
    await this.verify(await this.dummy, password);
  }
}
