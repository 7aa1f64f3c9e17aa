/**
 * Base of the ETL's errors. Pulumi serializes classes into constructor
 * functions, and a serialized `super(message)` into Error leaves `message`
 * unset; assigning it here keeps every message in the deployed Lambda.
 */
export class EtlError extends Error {
    constructor(message: string) {
        super(message);
        this.message = message;
    }
}
