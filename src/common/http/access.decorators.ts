import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../auth/domain/role';

export const PUBLIC_KEY = 'access:public';
export const ROLES_KEY = 'access:roles';

/** Open to everyone, signed in or not. Routes are closed unless they say otherwise. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Signed-in people with one of these roles. Without @Roles or @Public a route needs any signed-in user. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
