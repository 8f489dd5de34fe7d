import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * api.md's registration body, the same for every applicant: a customs broker registers like
 * any company and acts as an agent once an applicant authorises it (R-ACC-4).
 */
export class RegisterDto {
  @ApiProperty({
    example: '22099131',
    description: '統一編號 (8 digits) for a company; national ID, resident certificate or passport number for a person. Checked by R-ACC-6',
  })
  // Only the shape here: the domain's check (R-ACC-6, checkApplicantId) owns the rule and refuses once.
  @IsString({ message: 'businessId must be a string' })
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
