import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: '12345678', description: '統一編號 (8 digits) for a company; national ID or passport number for a person' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @ValidateIf((dto: RegisterDto) => dto.kind === 'COMPANY')
  @Matches(/^\d{8}$/, { message: 'businessId of a company is its 8-digit unified business number (統一編號)', context: { rule: 'R-ACC-1' } })
  businessId!: string;

  @ApiProperty({ enum: ['COMPANY', 'PERSON'] })
  @IsIn(['COMPANY', 'PERSON'], { message: 'kind must be COMPANY or PERSON' })
  kind!: 'COMPANY' | 'PERSON';

  @ApiProperty({ example: 'Formosa Photonics Co., Ltd.' })
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'name must be 1 to 200 characters', context: { rule: 'R-FORM-1' } })
  name!: string;

  @ApiProperty({ example: 'export@formosa.example' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address', context: { rule: 'R-FORM-1' } })
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @Length(10, 200, { message: 'password must be 10 to 200 characters' })
  password!: string;
}

/** A person registers with a national ID (A123456789) or a passport number. */
export const PERSON_ID = /^[A-Z0-9]{6,20}$/;
