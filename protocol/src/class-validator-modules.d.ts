// class-validator publishes the types of its CommonJS modules apart from them (under types/).
declare module 'class-validator/cjs/decorator/common/ValidateBy' {
  export { ValidateBy } from 'class-validator/types/decorator/common/ValidateBy';
}
declare module 'class-validator/cjs/decorator/common/ValidateNested' {
  export { ValidateNested } from 'class-validator/types/decorator/common/ValidateNested';
}
declare module 'class-validator/cjs/decorator/common/IsOptional' {
  export { IsOptional } from 'class-validator/types/decorator/common/IsOptional';
}
declare module 'class-validator/cjs/validation/Validator' {
  export { Validator } from 'class-validator/types/validation/Validator';
}
declare module 'class-validator/cjs/metadata/MetadataStorage' {
  export { getMetadataStorage } from 'class-validator/types/metadata/MetadataStorage';
}
