import { IsEmail, IsIn, IsNotEmpty, MaxLength } from 'class-validator';
import { RawString, TrimmedString } from '../common/forms/form';
import { ROLES, type Role } from './domain/role';

// class-validator runs a property's checks from the decorator nearest the property upwards, and the form
// reports only the first failure: so the most basic check ("enter …") sits lowest.

export class LoginForm {
  @IsEmail({}, { message: 'validation.email.invalid' })
  @IsNotEmpty({ message: 'validation.email.missing' })
  @TrimmedString()
  email!: string;

  @IsNotEmpty({ message: 'validation.password.missingLogin' })
  @RawString()
  password!: string;
}

export class SignUpForm {
  @MaxLength(100, { message: 'validation.name.tooLong' })
  @IsNotEmpty({ message: 'validation.name.missing' })
  @TrimmedString()
  name!: string;

  @IsEmail({}, { message: 'validation.email.invalid' })
  @MaxLength(254, { message: 'validation.email.tooLong' })
  @IsNotEmpty({ message: 'validation.email.missing' })
  @TrimmedString()
  email!: string;

  /** Length and block-list are checked by the password policy, with a message per problem. */
  @RawString()
  password!: string;
}

export class CreateStaffForm extends SignUpForm {
  @IsIn(ROLES, { message: 'validation.role.missing' })
  @TrimmedString()
  role!: Role;
}
