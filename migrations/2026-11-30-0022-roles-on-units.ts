// A user's roles are held on a unit: a petugas of Rutan Blora is no petugas of Lapas Pati. The roles
// of an installation from before units are on its one unit. The key leads with the unit, as every
// unit table's does (src/db/unit-scope.ts).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const unitId = (await db.selectFrom('units').select('id').orderBy('id').limit(1).executeTakeFirst())?.id ?? null;
  const roles = await db.selectFrom('user_roles').select('id').limit(1).executeTakeFirst();
  if (roles && unitId === null) throw new Error('basis data berisi peran pengguna tetapi tidak ada unit');
  await db.schema
    .createTable('user_roles_units')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addUniqueConstraint('user_roles_unit_user_role_unique', ['unit_id', 'user_id', 'role'])
    .execute();
  if (unitId !== null)
    await sql`insert into user_roles_units (id, unit_id, user_id, role) select id, ${unitId}, user_id, role from user_roles`.execute(db);
  await db.schema.dropTable('user_roles').execute();
  await db.schema.alterTable('user_roles_units').renameTo('user_roles').execute();
  await continueIds(db);
  await db.schema.createIndex('user_roles_user_idx').on('user_roles').columns(['user_id', 'unit_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ n: number }>`select count(distinct unit_id) as n from user_roles`.execute(db);
  if (Number(rows[0]!.n) > 1) throw new Error('peran pengguna ada pada beberapa unit: migrasi tidak dapat dibatalkan');
  await db.schema
    .createTable('user_roles_old')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addUniqueConstraint('user_roles_user_role_unique', ['user_id', 'role'])
    .execute();
  await sql`insert into user_roles_old (id, user_id, role) select id, user_id, role from user_roles`.execute(db);
  await db.schema.dropTable('user_roles').execute();
  await db.schema.alterTable('user_roles_old').renameTo('user_roles').execute();
  await continueIds(db);
}

/** PostgreSQL's identity does not move for the ids copied: the next role continues after them. */
async function continueIds(db: Kysely<any>): Promise<void> {
  if (!db.getExecutor().adapter.constructor.name.startsWith('Postgres')) return;
  await sql`select setval(pg_get_serial_sequence('user_roles', 'id'), coalesce((select max(id) from user_roles), 0) + 1, false)`.execute(
    db,
  );
}
